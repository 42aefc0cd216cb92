/** Restart delays for a crashing FFmpeg: exponential, capped, jittered, reset after a stable period. */
export interface BackoffOptions {
  /** First delay after a crash. */
  initialMs: number;
  /** Never wait longer than this between attempts. */
  maxMs: number;
  /** Growth factor per consecutive crash. */
  factor: number;
  /** 0..1: each delay is drawn from [delay·(1−jitter), delay] so many lives do not retry in step. */
  jitter: number;
  /** Running this long without a crash forgets the previous failures. */
  stableAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({
  initialMs: 1000,
  maxMs: 60_000,
  factor: 2,
  jitter: 0.3,
  stableAfterMs: 30_000,
});

export class Backoff {
  #attempt = 0;
  #runningSince: number | undefined;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** Consecutive crashes counted so far (0 after a reset). */
  get attempt(): number {
    return this.#attempt;
  }

  /** The process (re)started at `now`. */
  started(now: number): void {
    this.#runningSince = now;
  }

  /** The process crashed at `now`: how long to wait before the next attempt. */
  crashed(now: number): number {
    const ranFor = this.#runningSince === undefined ? 0 : now - this.#runningSince;
    this.#runningSince = undefined;
    if (ranFor >= this.options.stableAfterMs) this.#attempt = 0;
    const { initialMs, maxMs, factor, jitter } = this.options;
    const raw = Math.min(maxMs, initialMs * factor ** this.#attempt);
    this.#attempt += 1;
    return Math.round(raw * (1 - jitter * this.random()));
  }

  reset(): void {
    this.#attempt = 0;
    this.#runningSince = undefined;
  }
}
