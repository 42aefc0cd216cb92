/** How many token failures one address may make, and for how long it is then refused. */
export interface FailureLimits {
  readonly windowMs: number;
  readonly maxFailures: number;
  readonly blockMs: number;
  /** Addresses remembered at once; the oldest are forgotten first (a flood of spoofed sources cannot grow it). */
  readonly maxAddresses: number;
}

export const DEFAULT_FAILURE_LIMITS: FailureLimits = Object.freeze({
  windowMs: 60_000,
  maxFailures: 20,
  blockMs: 5 * 60_000,
  maxAddresses: 10_000,
});

interface Entry {
  failures: number[];
  blockedUntil: number;
}

/**
 * Per-address rate limit on bad viewer tokens (forged, expired, revoked, missing), so guessing
 * tokens or replaying dead ones is slow and cheap to refuse. In memory, unlike the login limiter
 * (accounts/login-limiter.ts): it sits on the public HTTP path, where a database write per refused
 * request would itself be the flood's lever; a restart forgetting it costs an attacker 5 minutes.
 */
export class FailureLimiter {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly limits: FailureLimits = DEFAULT_FAILURE_LIMITS,
  ) {}

  /** Milliseconds until `address` may try again; 0 when it may now. */
  blockedFor(address: string): number {
    const entry = this.#entries.get(address);
    return entry ? Math.max(0, entry.blockedUntil - this.now()) : 0;
  }

  recordFailure(address: string): void {
    const now = this.now();
    const entry = this.#entries.get(address) ?? { failures: [], blockedUntil: 0 };
    this.#entries.delete(address); // re-inserted last: Map order is age order
    entry.failures = entry.failures.filter((at) => at > now - this.limits.windowMs);
    entry.failures.push(now);
    if (entry.failures.length >= this.limits.maxFailures) {
      entry.blockedUntil = now + this.limits.blockMs;
      entry.failures = [];
    }
    this.#entries.set(address, entry);
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.limits.maxAddresses) break;
      this.#entries.delete(key);
    }
  }
}
