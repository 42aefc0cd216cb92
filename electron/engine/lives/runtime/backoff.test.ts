import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

const OPTIONS = { initialMs: 1000, maxMs: 8000, factor: 2, jitter: 0.5, stableAfterMs: 30_000 };

describe('Backoff', () => {
  it('doubles after each consecutive crash up to the cap', () => {
    const backoff = new Backoff(OPTIONS, () => 0); // no jitter drawn
    const delays = [0, 1, 2, 3, 4, 5].map((i) => {
      backoff.started(i * 100);
      return backoff.crashed(i * 100 + 50);
    });
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('draws each delay within the jitter band so lives do not retry in step', () => {
    const low = new Backoff(OPTIONS, () => 0.999);
    const high = new Backoff(OPTIONS, () => 0);
    low.started(0);
    high.started(0);
    expect(high.crashed(10)).toBe(1000);
    expect(low.crashed(10)).toBe(Math.round(1000 * (1 - 0.5 * 0.999)));
  });

  it('forgets past crashes once a run was stable long enough', () => {
    const backoff = new Backoff(OPTIONS, () => 0);
    backoff.started(0);
    backoff.crashed(10);
    backoff.started(20);
    expect(backoff.crashed(30)).toBe(2000);
    backoff.started(1000);
    expect(backoff.crashed(1000 + 30_000)).toBe(1000);
    expect(backoff.attempt).toBe(1);
  });
});
