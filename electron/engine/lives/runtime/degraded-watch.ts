import { DEGRADED_RULE } from '@shared/contract/lives';

export type DegradedChange = { readonly kind: 'degraded' | 'recovered'; readonly speed: number };

/**
 * Judges whether a live on air keeps real time. Below `belowSpeed` for `forMs` in a row it is
 * degraded (the machine cannot keep up: viewers see stalls); back at or above it for as long, it
 * has recovered. The two periods keep one slow second, or one fast one, from flapping the state.
 * Pure: fed speeds and times by the run's reporter (tests feed their own).
 */
export class DegradedWatch {
  #degraded = false;
  #since: number | undefined;

  constructor(private readonly rule: { belowSpeed: number; forMs: number } = DEGRADED_RULE) {}

  get degraded(): boolean {
    return this.#degraded;
  }

  /** The live's current speed measured at `now`; returns the change it makes, if any. */
  observe(now: number, speed: number): DegradedChange | undefined {
    const slow = speed < this.rule.belowSpeed;
    // Counting how long the speed has been on the other side of the line than the state says.
    if (slow === this.#degraded) {
      this.#since = undefined;
      return undefined;
    }
    this.#since ??= now;
    if (now - this.#since < this.rule.forMs) return undefined;
    this.#degraded = slow;
    this.#since = undefined;
    return { kind: slow ? 'degraded' : 'recovered', speed };
  }

  /** Not on air (starting, reconnecting): nothing to judge, and a stretch in progress starts over. */
  pause(): void {
    this.#since = undefined;
  }
}
