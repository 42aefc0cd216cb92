import { MAX_TIMER_DELAY_MS, type TimerHandle, type Timers } from './timers';

/**
 * Keyed due times behind ONE timer, armed for the earliest. Changing the set re-arms only when
 * the earliest moves, so 500 scheduled lives cost one idle timer and no polling. A delay longer
 * than `maxSleepMs` (at most setTimeout's cap) is armed in steps: an early wake finds nothing
 * due and re-arms.
 *
 * Why a step shorter than the cap: timers run on a monotonic clock that stops while a laptop
 * sleeps, so a timer armed for 20:00 at 19:00 and a lid shut until 20:02 would fire at ~20:58.
 * Waking at least every `maxSleepMs` bounds that to one step after the machine resumes (and
 * after the wall clock is changed).
 */
export class Alarm<T> {
  readonly #items = new Map<string, { dueAt: number; value: T }>();
  readonly #now: () => number;
  readonly #timers: Timers;
  readonly #onDue: (due: { key: string; dueAt: number; value: T }[]) => void;
  readonly #maxSleepMs: number;
  #armed: { at: number; handle: TimerHandle } | null = null;
  #closed = false;

  constructor(options: {
    now: () => number;
    timers: Timers;
    /** Items whose time has come, earliest first; they are already removed. */
    onDue: (due: { key: string; dueAt: number; value: T }[]) => void;
    /** Longest single timer; default setTimeout's cap. */
    maxSleepMs?: number;
  }) {
    this.#maxSleepMs = Math.min(options.maxSleepMs ?? MAX_TIMER_DELAY_MS, MAX_TIMER_DELAY_MS);
    this.#now = options.now;
    this.#timers = options.timers;
    this.#onDue = options.onDue;
  }

  set(key: string, dueAt: number, value: T): void {
    this.#items.set(key, { dueAt, value });
    this.#rearm();
  }

  delete(key: string): void {
    if (this.#items.delete(key)) this.#rearm();
  }

  get(key: string): { dueAt: number; value: T } | undefined {
    return this.#items.get(key);
  }

  get size(): number {
    return this.#items.size;
  }

  /** Every item, earliest first. */
  entries(): { key: string; dueAt: number; value: T }[] {
    return [...this.#items].map(([key, item]) => ({ key, ...item })).sort((a, b) => a.dueAt - b.dueAt);
  }

  close(): void {
    this.#closed = true;
    this.#armed?.handle.cancel();
    this.#armed = null;
    this.#items.clear();
  }

  #earliest(): number | null {
    let earliest: number | null = null;
    for (const item of this.#items.values()) if (earliest === null || item.dueAt < earliest) earliest = item.dueAt;
    return earliest;
  }

  #rearm(): void {
    if (this.#closed) return;
    const earliest = this.#earliest();
    if (this.#armed && this.#armed.at === earliest) return;
    this.#armed?.handle.cancel();
    this.#armed = null;
    if (earliest === null) return;
    const delay = Math.min(Math.max(0, earliest - this.#now()), this.#maxSleepMs);
    const handle = this.#timers.after(delay, () => this.#wake());
    this.#armed = { at: earliest, handle };
  }

  #wake(): void {
    this.#armed = null;
    if (this.#closed) return;
    const now = this.#now();
    const due = [...this.#items]
      .filter(([, item]) => item.dueAt <= now)
      .map(([key, item]) => ({ key, ...item }))
      .sort((a, b) => a.dueAt - b.dueAt);
    for (const item of due) this.#items.delete(item.key);
    this.#rearm();
    if (due.length > 0) this.#onDue(due);
  }
}
