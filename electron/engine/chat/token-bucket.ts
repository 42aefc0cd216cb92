/** A bucket of `capacity` tokens refilled at `perSecond`: bursts up to the capacity, then the rate. */
export interface BucketRate {
  readonly capacity: number;
  readonly perSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets by key (a connection, an address). Bounded: the least recently used keys are
 * forgotten first, so a flood of new keys cannot grow it; a forgotten key starts full, which
 * costs nothing worse than one burst.
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly rate: BucketRate,
    private readonly now: () => number,
    private readonly maxKeys = 50_000,
  ) {}

  /** Takes one token: 0 when granted, else the milliseconds until one is there. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.rate.capacity, at: now };
    this.#buckets.delete(key); // re-inserted last: Map order is use order
    bucket.tokens = Math.min(this.rate.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.rate.perSecond);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    for (const old of this.#buckets.keys()) {
      if (this.#buckets.size <= this.maxKeys) break;
      this.#buckets.delete(old);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return ((1 - bucket.tokens) / this.rate.perSecond) * 1000;
  }

  forget(key: string): void {
    this.#buckets.delete(key);
  }
}
