import { sentenceOf } from '../messages/engine-message';
import { parseRecurrence, ScheduleInputError } from './recurrence';
import { isValidTimeZone } from './time-zone';

/**
 * How a live starts and ends, as the scheduler reads it. Mirrors the lives contract
 * (`start`: manual | once | recurring, `end`: none | afterDuration | at | afterLoops) without
 * depending on its zod schemas, so this maths stays usable from the renderer.
 */
export type StartPlan =
  | { readonly kind: 'manual' }
  /** `at`: ISO 8601 instant (UTC); `timeZone`: the IANA zone it was set in, for display. */
  | { readonly kind: 'once'; readonly at: string; readonly timeZone: string }
  | { readonly kind: 'recurring'; readonly cron: string; readonly timeZone: string };

export type EndPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'afterDuration'; readonly seconds: number }
  | { readonly kind: 'at'; readonly at: string; readonly timeZone?: string }
  | { readonly kind: 'afterLoops'; readonly count: number };

function parseInstant(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new ScheduleInputError(sentenceOf('fields.notADate', { what, value: iso.slice(0, 40) }), 'at');
  return ms;
}

/** Throws ScheduleInputError with a specific message when a start plan cannot be scheduled. */
export function validateStartPlan(start: StartPlan): void {
  if (start.kind === 'manual') return;
  if (start.kind === 'once') {
    parseInstant(start.at, 'The start time');
    if (!isValidTimeZone(start.timeZone))
      throw new ScheduleInputError(sentenceOf('fields.unknownTimeZone', { zone: start.timeZone.slice(0, 64) }), 'timeZone');
    return;
  }
  parseRecurrence(start.cron, start.timeZone);
}

/**
 * The next start due strictly after `afterMs` (recurring) or the one-off instant, even if past:
 * a past one-off start is what the missed-start rule decides about.
 */
export function nextStartAt(start: StartPlan, afterMs: number): number | null {
  switch (start.kind) {
    case 'manual':
      return null;
    case 'once':
      return parseInstant(start.at, 'The start time');
    case 'recurring':
      return parseRecurrence(start.cron, start.timeZone).nextAfter(afterMs);
  }
}

/**
 * When a run started at `startedAtMs` must end, or null when it runs until stopped or until the
 * runtime counts its loops. `afterLoops` falls back to N × the probed source duration when the
 * runtime cannot report loops (`loopsReported: false`).
 */
export function endDeadline(
  end: EndPlan,
  startedAtMs: number,
  source: { probedDurationMs: number | null; loopsReported: boolean },
): number | null {
  switch (end.kind) {
    case 'none':
      return null;
    case 'afterDuration':
      return startedAtMs + end.seconds * 1000;
    case 'at':
      return parseInstant(end.at, 'The end time');
    case 'afterLoops':
      if (source.loopsReported || source.probedDurationMs === null) return null;
      return startedAtMs + end.count * source.probedDurationMs;
  }
}
