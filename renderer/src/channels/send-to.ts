import type { Channel, ProgrammeBrief } from '@shared/contract/iptv';
import { emptyDraft, toWallClockInput, type LiveDraft } from '../lives/live-draft';

/**
 * "Send to…": a new live whose source is this channel (the engine resolves its address when the
 * live starts), sent to the local HLS preview until the streamer adds a platform. From a
 * programme of the guide, one click also fills the start and the end with its times.
 */
export function sendToDraft(
  channel: Channel,
  options: { timeZone: string; previewName: string; programme?: ProgrammeBrief | undefined },
): LiveDraft {
  const base = emptyDraft(options.timeZone, options.previewName);
  const { programme } = options;
  const draft: LiveDraft = {
    ...base,
    title: programme ? `${programme.title} · ${channel.name}` : channel.name,
    source: {
      ...base.source,
      kind: 'iptvChannel',
      iptv: { kind: 'iptvChannel', providerId: channel.providerId, channelId: channel.id, channelName: channel.name },
    },
  };
  if (!programme) return draft;
  return {
    ...draft,
    start: { ...draft.start, kind: 'once', at: toWallClockInput(programme.start, options.timeZone) },
    // The end is rounded up to the minute: the programme is never cut before its last seconds.
    end: { ...draft.end, kind: 'at', at: toWallClockInput(ceilMinute(programme.stop), options.timeZone) },
  };
}

function ceilMinute(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(Math.ceil(ms / 60_000) * 60_000).toISOString();
}

/** Programmes that have not started yet can be scheduled; the one on air is sent now instead. */
export function canSchedule(programme: ProgrammeBrief, nowMs: number): boolean {
  return Date.parse(programme.start) > nowMs + 60_000;
}
