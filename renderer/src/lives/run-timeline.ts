import type { RunEvent } from '@shared/contract/lives';

export interface ReasonsShownOnce {
  /** The run's end reason, when no timeline line already says it. */
  readonly endReason: string | undefined;
  /** Each event's reason, or undefined where an earlier line said the same sentence. */
  readonly byEvent: readonly (string | undefined)[];
}

/**
 * The journal records a failure's sentence on the `failure` event, on the state change it
 * causes and as the run's end reason: say it once, where it first happened.
 */
export function reasonsShownOnce(events: readonly RunEvent[], endReason: string | undefined): ReasonsShownOnce {
  const said = new Set<string>();
  const byEvent = events.map((event) => {
    if (!event.reason) return undefined;
    const sentence = normalise(event.reason);
    if (said.has(sentence)) return undefined;
    said.add(sentence);
    return event.reason;
  });
  return { endReason: endReason && !said.has(normalise(endReason)) ? endReason : undefined, byEvent };
}

const normalise = (sentence: string): string =>
  sentence
    .trim()
    .replace(/[.\s]+$/, '')
    .toLowerCase();
