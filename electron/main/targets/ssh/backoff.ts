export interface BackoffOptions {
  /** Wait before the first retry after a drop: short, a cut link often comes back at once. */
  readonly firstMs?: number;
  /** Never wait longer than this between attempts. */
  readonly maxMs?: number;
  readonly factor?: number;
  /** ± this fraction of randomness, so many apps cut at once do not retry in step. */
  readonly jitter?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { firstMs: 200, maxMs: 30_000, factor: 2, jitter: 0.2 };

/** The wait before retry number `attempt` (0 = the first retry). Pure: `random` is injected. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { firstMs, maxMs, factor, jitter } = { ...DEFAULT_BACKOFF, ...options };
  const base = Math.min(maxMs, firstMs * factor ** Math.max(0, attempt));
  const spread = base * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(maxMs, base + spread)));
}
