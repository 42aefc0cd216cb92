import type { Live } from '@shared/contract/lives';
import { WATCH_TEXT } from '@shared/outputs/watch-text';
import { channelIdOf, type GuideProgramme } from './channel-list';
import type { OutputsDomain } from './outputs-domain';
import type { OutputRecord } from './output-store';

const HOUR = 3600_000;
/** How far ahead the guide looks for scheduled lives. */
const AHEAD_MS = 7 * 24 * HOUR;

/**
 * The XMLTV programmes of these outputs: what is on air now (the feeding live, or the slate until
 * the next scheduled live), then every one-off live scheduled to feed the output this week.
 */
export function guideProgrammes(domain: OutputsDomain, outputs: readonly OutputRecord[], now: number): GuideProgramme[] {
  const programmes: GuideProgramme[] = [];
  const scheduled = domain.lives.scheduledLives();
  for (const output of outputs) {
    const channelId = channelIdOf(output.slug);
    const upcoming = scheduled
      .filter((live) => feedsOutput(live, output.id))
      .flatMap((live) => {
        if (live.start.kind !== 'once') return [];
        const startMs = Date.parse(live.start.at);
        return startMs > now && startMs < now + AHEAD_MS ? [{ live, startMs, stopMs: startMs + lengthOf(live, startMs) }] : [];
      })
      .sort((a, b) => a.startMs - b.startMs);
    const next = upcoming[0]?.startMs ?? Math.ceil((now + 2 * HOUR) / HOUR) * HOUR;
    const feed = domain.feedOf(output);
    if (feed.state === 'live' && feed.liveTitle !== null) {
      const since = feed.since === null ? now : Date.parse(feed.since);
      programmes.push({
        channelId,
        startMs: since,
        stopMs: Math.max(next, now + HOUR),
        title: feed.liveTitle,
        description: output.title,
      });
    } else {
      const startMs = Math.floor(now / HOUR) * HOUR;
      programmes.push({
        channelId,
        startMs,
        stopMs: Math.max(next, startMs + HOUR),
        title: `${output.title} — ${WATCH_TEXT.en.slate}`,
      });
    }
    for (const { live, startMs, stopMs } of upcoming) {
      const last = programmes.at(-1);
      if (last && last.channelId === channelId && last.stopMs > startMs) continue; // overlapping: the first one wins
      programmes.push({ channelId, startMs, stopMs, title: live.title, description: output.title });
    }
  }
  return programmes;
}

function feedsOutput(live: Live, outputId: string): boolean {
  return live.destinations.some((d) => d.enabled && d.kind === 'public-output' && d.outputId === outputId);
}

/** From its end policy when it says; an hour otherwise. */
function lengthOf(live: Live, startMs: number): number {
  if (live.end.kind === 'afterDuration') return live.end.seconds * 1000;
  if (live.end.kind === 'at') return Math.max(HOUR / 4, Date.parse(live.end.at) - startMs);
  return HOUR;
}
