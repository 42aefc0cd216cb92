/**
 * The one timer primitive of the engine (the scheduler, IPTV refreshes), injectable so tests
 * move a fake clock instead of waiting real hours. Node's setTimeout fires at once for delays above 2^31-1 ms (~24.8 days),
 * so callers cap the delay and re-arm (see Alarm).
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export interface TimerHandle {
  cancel(): void;
}

export interface Timers {
  /** Call `fire` once after `delayMs` (0 ≤ delayMs ≤ MAX_TIMER_DELAY_MS). */
  after(delayMs: number, fire: () => void): TimerHandle;
}

/** Real timers, unref'd: a pending schedule never keeps a closing engine or a test alive. */
export const systemTimers: Timers = {
  after(delayMs, fire) {
    const timer = setTimeout(fire, Math.max(0, Math.min(delayMs, MAX_TIMER_DELAY_MS)));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
