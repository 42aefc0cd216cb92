/** A viewer counts as watching while it fetched something in the last 30 seconds. */
export const ACTIVE_MS = 30_000;

/**
 * Who is watching, per link (or per open output): a watch page is one viewer per page load (its
 * play token names it), a player using a link directly is one per address. In memory: it only
 * answers "how many now" and "is this one new".
 */
export class ViewerPresence {
  /** scope (`link:<id>` or `open:<outputId>`) → viewer → last seen (ms). */
  readonly #scopes = new Map<string, { outputId: string; viewers: Map<string, number> }>();
  #prunedAt = 0;

  constructor(private readonly now: () => number) {}

  /**
   * Let `viewer` in unless the scope already has `max` others watching. `fresh` is true the first
   * time it is seen (or after it left): one more view.
   */
  admit(scope: string, outputId: string, viewer: string, max: number | null): { admitted: boolean; fresh: boolean } {
    const now = this.now();
    this.#prune(now);
    const entry = this.#scopes.get(scope) ?? { outputId, viewers: new Map<string, number>() };
    this.#scopes.set(scope, entry);
    const seen = entry.viewers.get(viewer);
    const fresh = seen === undefined || now - seen > ACTIVE_MS;
    if (fresh && max !== null && this.#active(entry.viewers, now) >= max) return { admitted: false, fresh: false };
    entry.viewers.set(viewer, now);
    return { admitted: true, fresh };
  }

  /** Whether `admit` would let `viewer` in now, without counting it. */
  hasRoom(scope: string, viewer: string, max: number | null): boolean {
    const entry = this.#scopes.get(scope);
    if (max === null || !entry) return true;
    const now = this.now();
    const seen = entry.viewers.get(viewer);
    return (seen !== undefined && now - seen <= ACTIVE_MS) || this.#active(entry.viewers, now) < max;
  }

  countScope(scope: string): number {
    const entry = this.#scopes.get(scope);
    return entry ? this.#active(entry.viewers, this.now()) : 0;
  }

  countOutput(outputId: string): number {
    const now = this.now();
    let total = 0;
    for (const entry of this.#scopes.values()) if (entry.outputId === outputId) total += this.#active(entry.viewers, now);
    return total;
  }

  #active(viewers: Map<string, number>, now: number): number {
    let n = 0;
    for (const at of viewers.values()) if (now - at <= ACTIVE_MS) n += 1;
    return n;
  }

  #prune(now: number): void {
    if (now - this.#prunedAt < ACTIVE_MS) return;
    this.#prunedAt = now;
    for (const [scope, entry] of this.#scopes) {
      for (const [viewer, at] of entry.viewers) if (now - at > ACTIVE_MS) entry.viewers.delete(viewer);
      if (entry.viewers.size === 0) this.#scopes.delete(scope);
    }
  }
}

export const linkScope = (linkId: string | null, outputId: string): string => (linkId ? `link:${linkId}` : `open:${outputId}`);
