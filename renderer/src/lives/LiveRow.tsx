import type { Live } from '@shared/contract/lives';
import { AlertTriangle, CalendarClock, Clapperboard, Film, Link2, ListVideo, Radio, Tv } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hrefOf } from '../app/route';
import { useApi, useLives } from '../app/lives-context';
import { Tooltip } from '../components/ui/tooltip';
import { cn } from '../lib/cn';
import { formatDateTime } from '../lib/format';
import { nextStart, sourceSummary } from './describe-live';
import { StartStopButton } from './LiveActions';
import { HealthDot, StateBadge } from './StateBadge';
import { destinationHealth } from './health';

const SOURCE_ICON = { testPattern: Clapperboard, file: Film, playlist: ListVideo, url: Link2, iptvChannel: Tv } as const;

/** One live in the list: what, from where, to where, and in which state. */
export function LiveRow({ live, now }: { live: Live; now: number }) {
  const { t, i18n } = useTranslation();
  const sample = useLives((s) => s.stats[live.id]);
  const SourceIcon = SOURCE_ICON[live.source.kind];
  const next = live.state === 'scheduled' ? nextStart(live, now) : null;
  const endReason = useEndReason(live);
  return (
    <li
      className="flex items-center gap-4 px-5 py-4 transition-colors hover:bg-muted/40"
      data-testid="live-row"
      data-live-id={live.id}
    >
      <div className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-muted text-muted-foreground">
        <Radio className="size-5" aria-hidden />
      </div>
      <div className="min-w-0 flex-1 space-y-1.5">
        <div className="flex items-center gap-3">
          <a
            href={hrefOf({ page: 'live', liveId: live.id })}
            className="truncate font-medium hover:underline"
            data-testid="live-title"
          >
            {live.title}
          </a>
          <StateBadge state={live.state} />
        </div>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground">
          <span className="inline-flex items-center gap-1.5">
            <SourceIcon className="size-3.5" aria-hidden />
            {sourceSummary(live.source, t)}
          </span>
          {live.destinations.map((d) => {
            const health = destinationHealth(live, d.id, sample?.stats);
            return (
              <Tooltip.Simple key={d.id} text={health.reason ?? t(`health.${health.health}`)}>
                <span className="inline-flex items-center gap-1.5" data-testid="destination-chip">
                  <HealthDot health={health.health} />
                  <span className={d.enabled ? '' : 'line-through opacity-60'}>{d.name}</span>
                </span>
              </Tooltip.Simple>
            );
          })}
          {live.destinations.length === 0 && <span className="italic">{t('lives.noDestination')}</span>}
          {next && (
            <span className="inline-flex items-center gap-1.5 text-sky-600 dark:text-sky-400" data-testid="next-start">
              <CalendarClock className="size-3.5" aria-hidden />
              {t('lives.nextStart', {
                when: formatDateTime(next, i18n.language, live.start.kind === 'manual' ? undefined : live.start.timeZone),
              })}
            </span>
          )}
        </div>
        {endReason && (
          <p
            className={cn(
              'flex items-start gap-1.5 text-xs',
              live.state === 'failed' ? 'text-danger' : 'text-fuchsia-700 dark:text-fuchsia-400',
            )}
            data-testid="end-reason"
          >
            <AlertTriangle className="mt-px size-3.5 shrink-0" aria-hidden />
            {endReason}
          </p>
        )}
      </div>
      <StartStopButton live={live} />
    </li>
  );
}

/**
 * Why a live failed or was interrupted, from its last run, so the list says it without a click.
 * Asked when the live reaches that state (an event), never on a timer.
 */
function useEndReason(live: Live): string | undefined {
  const api = useApi();
  const [found, setFound] = useState<{ key: string; reason: string | undefined } | null>(null);
  const troubled = live.state === 'failed' || live.state === 'interrupted';
  const key = `${live.id}:${live.updatedAt}`;
  useEffect(() => {
    if (!troubled) return;
    let alive = true;
    api.lives
      .listRuns({ liveId: live.id, limit: 1 })
      .then((page) => alive && setFound({ key, reason: page.items[0]?.endReason }))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [api, live.id, key, troubled]);
  return troubled && found?.key === key ? found.reason : undefined;
}
