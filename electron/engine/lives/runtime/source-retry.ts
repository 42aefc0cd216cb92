import type { IfSourceUnreachable, SourceRetry } from '@shared/contract/lives';
import { engineMessage, englishOf, type EngineMessage } from '@shared/messages/engine-message';

/** What one failed attempt means for the run: a note to write, or the reason to give up. */
export type SourceAttempt = { readonly note: EngineMessage } | { readonly giveUp: EngineMessage };

/**
 * Counts the attempts at a network source that has not been reached yet in this run, words them
 * for the streamer ("Source unreachable — retrying in 4 s, attempt 3") and says when to give up
 * (`failAfter`: that long after the run began without ever connecting). Once the source has been
 * reached, losing it is an ordinary reconnection, not this. Pure: times come from the caller.
 */
export class SourceRetryWatch {
  #failures = 0;
  #reached = false;
  #next: { at: number; reason: string } | undefined;

  constructor(
    private readonly policy: IfSourceUnreachable,
    private readonly startedAt: number,
  ) {}

  get reached(): boolean {
    return this.#reached;
  }

  /** The live went on air: the source works. */
  reach(): void {
    this.#reached = true;
    this.#next = undefined;
  }

  /** An attempt failed at `now` and will be retried after `delayMs`. */
  failed(now: number, reason: string, delayMs: number): SourceAttempt | undefined {
    if (this.#reached) return undefined;
    this.#failures += 1;
    const expired = this.expired(now);
    if (expired) return { giveUp: expired };
    this.#next = { at: now + delayMs, reason };
    const attempt = this.#failures + 1;
    return { note: engineMessage('runs.sourceRetrying', { seconds: seconds(delayMs), attempt, reason }) };
  }

  /** The reason to give up at `now`, if the source was never reached within the live's limit. */
  expired(now: number): EngineMessage | undefined {
    if (this.#reached || this.policy.kind !== 'failAfter') return undefined;
    if (now - this.startedAt < this.policy.seconds * 1000) return undefined;
    const tries = englishOf(
      this.#failures === 1
        ? engineMessage('runs.oneFailedAttempt')
        : engineMessage('runs.failedAttempts', { count: this.#failures }),
    );
    const last = this.#next?.reason;
    const span = duration(this.policy.seconds);
    return last
      ? engineMessage('runs.sourceGaveUpLastError', { duration: span, tries, reason: last })
      : engineMessage('runs.sourceGaveUp', { duration: span, tries });
  }

  /** What the live shows while it waits for the next attempt (undefined once reached, or before any failure). */
  snapshot(now: number): SourceRetry | undefined {
    const next = this.#next;
    if (this.#reached || !next) return undefined;
    const giveUpInSec =
      this.policy.kind === 'failAfter'
        ? Math.max(0, Math.round((this.startedAt + this.policy.seconds * 1000 - now) / 1000))
        : null;
    return {
      attempt: this.#failures + 1,
      retryInSec: Math.max(0, Math.ceil((next.at - now) / 1000)),
      reason: next.reason,
      giveUpInSec,
    };
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.round(ms / 1000));
}

/** 300 → "5 min", 90 → "1 min 30 s", 45 → "45 s". */
function duration(totalSec: number): string {
  const min = Math.floor(totalSec / 60);
  const sec = totalSec % 60;
  if (min === 0) return `${sec} s`;
  return sec === 0 ? `${min} min` : `${min} min ${sec} s`;
}
