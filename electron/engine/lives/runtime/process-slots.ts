/**
 * The engine's budget of simultaneous FFmpeg processes. A live asks for all the processes it
 * needs at once (its source stage + one per output); requests that do not fit wait in FIFO
 * order, so lives start in the order they were asked for — a big live at the head is not
 * overtaken by smaller ones behind it.
 */
export class ProcessSlots {
  #used = 0;
  readonly #waiting: { key: string; count: number; grant: () => void }[] = [];
  readonly #held = new Map<string, number>();

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error('The process limit must be a whole number ≥ 1.');
  }

  get used(): number {
    return this.#used;
  }

  get queued(): readonly string[] {
    return this.#waiting.map((w) => w.key);
  }

  /**
   * Reserve `count` slots for `key`. Returns true when granted at once; otherwise `grant` is
   * called later, when the slots free up, unless `cancel(key)` ran first.
   */
  request(key: string, count: number, grant: () => void): boolean {
    if (this.#held.has(key) || this.#waiting.some((w) => w.key === key))
      throw new Error(`"${key}" already holds or awaits slots.`);
    // A live needing more than the whole budget still runs alone rather than never.
    const need = Math.min(count, this.max);
    if (this.#waiting.length === 0 && this.#used + need <= this.max) {
      this.#take(key, need);
      return true;
    }
    this.#waiting.push({ key, count: need, grant });
    return false;
  }

  /**
   * Change how many slots `key` holds (a destination turned on or off on air). Growing takes
   * only free slots, never one a waiting live is owed; returns false when they are not there.
   */
  resize(key: string, count: number): boolean {
    const held = this.#held.get(key);
    if (held === undefined) return false;
    const need = Math.min(count, this.max);
    if (need > held && (this.#waiting.length > 0 || this.#used + need - held > this.max)) return false;
    this.#held.set(key, need);
    this.#used += need - held;
    if (need < held) this.#drain();
    return true;
  }

  /** Give back the slots of `key`, or drop it from the queue. */
  release(key: string): void {
    const held = this.#held.get(key);
    if (held !== undefined) {
      this.#held.delete(key);
      this.#used -= held;
    }
    const index = this.#waiting.findIndex((w) => w.key === key);
    if (index >= 0) this.#waiting.splice(index, 1);
    this.#drain();
  }

  #take(key: string, count: number): void {
    this.#held.set(key, count);
    this.#used += count;
  }

  #drain(): void {
    for (;;) {
      const head = this.#waiting[0];
      if (!head || this.#used + head.count > this.max) return;
      this.#waiting.shift();
      this.#take(head.key, head.count);
      head.grant();
    }
  }
}
