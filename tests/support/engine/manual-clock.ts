import { MAX_TIMER_DELAY_MS, type TimerHandle, type Timers } from '../../../electron/engine/time/timers';

interface Pending {
  readonly id: number;
  readonly at: number;
  readonly fire: () => void;
}

/**
 * A clock and timers that only move when a test says so. `advanceTo` fires every timer due on
 * the way, in time order, moving `now` to each one first, as real time would.
 */
export class ManualClock implements Timers {
  #now: number;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  /** Every delay ever requested, to check the 2^31-1 ms cap is respected. */
  readonly requestedDelays: number[] = [];

  constructor(startMs: number) {
    this.#now = startMs;
  }

  readonly now = (): number => this.#now;

  after(delayMs: number, fire: () => void): TimerHandle {
    if (delayMs > MAX_TIMER_DELAY_MS) throw new Error(`Timer delay ${delayMs} ms exceeds setTimeout's cap.`);
    this.requestedDelays.push(delayMs);
    const id = this.#nextId++;
    this.#pending.set(id, { id, at: this.#now + Math.max(0, delayMs), fire });
    return { cancel: () => this.#pending.delete(id) };
  }

  /** How many timers are armed right now. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** When the earliest armed timer fires, or null. */
  get nextFireAt(): number | null {
    let earliest: number | null = null;
    for (const p of this.#pending.values()) if (earliest === null || p.at < earliest) earliest = p.at;
    return earliest;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  advanceTo(targetMs: number): void {
    for (;;) {
      let due: Pending | undefined;
      for (const p of this.#pending.values()) {
        if (p.at <= targetMs && (due === undefined || p.at < due.at || (p.at === due.at && p.id < due.id))) due = p;
      }
      if (!due) break;
      this.#pending.delete(due.id);
      this.#now = Math.max(this.#now, due.at);
      due.fire();
    }
    this.#now = Math.max(this.#now, targetMs);
  }

  /**
   * The machine sleeps for `ms`: the wall clock moves on but timers, which run on a monotonic
   * clock, are postponed by as much.
   */
  suspendFor(ms: number): void {
    this.#now += ms;
    for (const [id, p] of this.#pending) this.#pending.set(id, { ...p, at: p.at + ms });
  }

  /** Jump without firing anything: the engine was down meanwhile. */
  jumpTo(targetMs: number): void {
    this.#now = targetMs;
  }
}
