/**
 * Probes and thumbnails, a few at a time (each is an ffprobe and two short FFmpeg runs: a folder
 * of 500 files must not start 1,500 processes). An item asked for twice is done once; `wait`
 * resolves when its turn is over.
 */
export class ProbeQueue {
  readonly #waiting: string[] = [];
  readonly #pending = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  readonly #abort = new AbortController();
  readonly #running = new Set<Promise<void>>();
  #active = 0;

  constructor(
    private readonly lanes: number,
    private readonly work: (itemId: string, signal: AbortSignal) => Promise<void>,
    private readonly log: (message: string, error?: unknown) => void,
  ) {}

  add(itemId: string): Promise<void> {
    const known = this.#pending.get(itemId);
    if (known) return known.promise;
    let resolve: () => void = () => undefined;
    const promise = new Promise<void>((r) => (resolve = r));
    this.#pending.set(itemId, { promise, resolve });
    this.#waiting.push(itemId);
    this.#next();
    return promise;
  }

  /** Resolves when the item's probe is over (at once when none is pending). */
  wait(itemId: string): Promise<void> {
    return this.#pending.get(itemId)?.promise ?? Promise.resolve();
  }

  /**
   * Stop: running probes are killed (their FFmpeg through the abort signal), waiting ones dropped.
   * Resolves once the running ones have settled, so nothing writes into a closed engine's folder.
   */
  async close(): Promise<void> {
    this.#abort.abort();
    this.#waiting.length = 0;
    for (const { resolve } of this.#pending.values()) resolve();
    this.#pending.clear();
    await Promise.all([...this.#running]);
  }

  #next(): void {
    while (this.#active < this.lanes && this.#waiting.length > 0 && !this.#abort.signal.aborted) {
      const itemId = this.#waiting.shift() as string;
      this.#active += 1;
      const running: Promise<void> = this.work(itemId, this.#abort.signal)
        .catch((error: unknown) => {
          if (!this.#abort.signal.aborted) this.log(`Probing library item ${itemId} failed`, error);
        })
        .finally(() => {
          this.#running.delete(running);
          this.#active -= 1;
          this.#pending.get(itemId)?.resolve();
          this.#pending.delete(itemId);
          this.#next();
        });
      this.#running.add(running);
    }
  }
}
