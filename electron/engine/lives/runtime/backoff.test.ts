import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

const OPTIONS = { initialMs: 1000, maxMs: 8000, factor: 2, jitter: 0.5, stableAfterMs: 30_000 };

describe('Backoff', () => {
  it('doubles after each consecutive crash up to the cap', () => {
    const backoff = new Backoff(OPTIONS, () => 0); // no jitter drawn
    const delays = [0, 1, 2, 3, 4, 5].map((i) => {
      return backoff.crashed(i * 100 + 50);
    });
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('draws each delay within the jitter band so lives do not retry in step', () => {
    const low = new Backoff(OPTIONS, () => 0.999);
    const high = new Backoff(OPTIONS, () => 0);
    expect(high.crashed(10)).toBe(1000);
    expect(low.crashed(10)).toBe(Math.round(1000 * (1 - 0.5 * 0.999)));
  });

  it('forgets past crashes once the stage was live long enough, counted from going live', () => {
    const backoff = new Backoff(OPTIONS, () => 0);
    backoff.crashed(10);
    backoff.live(20);
    expect(backoff.crashed(30)).toBe(2000);
    // Spawned at 1000 but connecting until 5000: 30 s after the spawn is only 26 s live.
    backoff.live(5000);
    expect(backoff.crashed(1000 + 30_000)).toBe(4000);
    backoff.live(40_000);
    backoff.live(50_000); // a later process of the same stretch (not a recovery) keeps the start
    expect(backoff.crashed(40_000 + 30_000)).toBe(1000);
    expect(backoff.attempt).toBe(1);
  });

  it('a crash before going live never counts as stable, however long the attempt took', () => {
    const backoff = new Backoff(OPTIONS, () => 0);
    expect(backoff.crashed(0)).toBe(1000);
    expect(backoff.crashed(120_000)).toBe(2000);
  });
});
