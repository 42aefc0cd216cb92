export interface TransferProgress {
  /** Bytes on the VPS now, including those a resumed upload found there. */
  readonly bytesDone: number;
  readonly totalBytes: number;
  /** Where this attempt started (0, or the size of the `.part` file it resumed). */
  readonly resumedFrom: number;
  /** Over the last few seconds; 0 until two samples exist. */
  readonly bytesPerSecond: number;
  /** Seconds left at the current speed, or null while unknown. */
  readonly etaSeconds: number | null;
  readonly phase: 'uploading' | 'verifying' | 'done';
}

/**
 * Speed and time left of a transfer, over a sliding window so a stall shows quickly and a burst
 * does not lie for long. Pure: the clock is injected.
 */
export class TransferMeter {
  readonly #total: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  #resumedFrom = 0;
  #done = 0;
  #samples: { at: number; bytes: number }[] = [];

  constructor(totalBytes: number, options: { windowMs?: number; now?: () => number } = {}) {
    this.#total = totalBytes;
    this.#windowMs = options.windowMs ?? 3000;
    this.#now = options.now ?? Date.now;
  }

  /** A new attempt starts with `bytes` already on the VPS (the speed restarts from there). */
  restartAt(bytes: number): void {
    this.#resumedFrom = bytes;
    this.#done = bytes;
    this.#samples = [{ at: this.#now(), bytes }];
  }

  add(bytes: number): void {
    this.#done += bytes;
    const at = this.#now();
    this.#samples.push({ at, bytes: this.#done });
    while (this.#samples.length > 2 && at - (this.#samples[1]?.at ?? at) >= this.#windowMs) this.#samples.shift();
  }

  progress(phase: TransferProgress['phase'] = 'uploading'): TransferProgress {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    const elapsed = first && last ? (last.at - first.at) / 1000 : 0;
    const bytesPerSecond = first && last && elapsed > 0 ? (last.bytes - first.bytes) / elapsed : 0;
    const left = this.#total - this.#done;
    const etaSeconds = left <= 0 ? 0 : bytesPerSecond > 0 ? left / bytesPerSecond : null;
    return {
      bytesDone: this.#done,
      totalBytes: this.#total,
      resumedFrom: this.#resumedFrom,
      bytesPerSecond: Math.round(bytesPerSecond),
      etaSeconds: etaSeconds === null ? null : Math.ceil(etaSeconds),
      phase,
    };
  }
}
