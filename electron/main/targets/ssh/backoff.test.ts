import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('starts short, doubles, and stops growing at the cap', () => {
    const mid = () => 0.5; // no jitter
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, {}, mid))).toEqual([200, 400, 800, 1600]);
    expect(backoffDelay(20, {}, mid)).toBe(30_000);
    expect(backoffDelay(3, { firstMs: 1000, maxMs: 5000 }, mid)).toBe(5000);
  });

  it('spreads retries by the jitter, never past the cap nor below zero', () => {
    expect(backoffDelay(0, {}, () => 0)).toBe(160);
    expect(backoffDelay(0, {}, () => 1)).toBe(240);
    expect(backoffDelay(30, {}, () => 1)).toBe(30_000);
    expect(backoffDelay(0, { jitter: 5 }, () => 0)).toBe(0);
  });
});
