/** Restart delays for a crashing FFmpeg: exponential, capped, jittered, reset after a stable period live. */
export interface BackoffOptions {
  /** First delay after a crash. */
  initialMs: number;
  /** Never wait longer than this between attempts. */
  maxMs: number;
  /** Growth factor per consecutive crash. */
  factor: number;
  /** 0..1: each delay is drawn from [delay·(1−jitter), delay] so many lives do not retry in step. */
  jitter: number;
  /** Live (output advancing) this long without a crash forgets the previous failures. */
  stableAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({
  initialMs: 1000,
  maxMs: 60_000,
  factor: 2,
  jitter: 0.3,
  stableAfterMs: 30_000,
});

/**
 * The stable period is counted from when the stage went LIVE after its last crash, not from its
 * last spawn: a spawn that is not a recovery (the next plays of a resumed looping file) must not
 * restart the count, and time spent connecting is not stability.
 */
export class Backoff {
  #attempt = 0;
  #liveSince: number | undefined;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** Consecutive crashes counted so far (0 after a reset). */
  get attempt(): number {
    return this.#attempt;
  }

  /** The stage's output advances at `now` (called at each process's first progress; the first call counts). */
  live(now: number): void {
    this.#liveSince ??= now;
  }

  /** The process crashed at `now`: how long to wait before the next attempt. */
  crashed(now: number): number {
    const liveFor = this.#liveSince === undefined ? 0 : now - this.#liveSince;
    this.#liveSince = undefined;
    if (liveFor >= this.options.stableAfterMs) this.#attempt = 0;
    const { initialMs, maxMs, factor, jitter } = this.options;
    const raw = Math.min(maxMs, initialMs * factor ** this.#attempt);
    this.#attempt += 1;
    return Math.round(raw * (1 - jitter * this.random()));
  }

  reset(): void {
    this.#attempt = 0;
    this.#liveSince = undefined;
  }
}
