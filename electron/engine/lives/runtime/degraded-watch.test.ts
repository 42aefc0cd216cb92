import { describe, expect, it } from 'vitest';
import { DegradedWatch } from './degraded-watch';

/** Feed one speed per second from `from` (ms) for `seconds`; returns every change seen. */
function feed(watch: DegradedWatch, from: number, seconds: number, speed: number): { at: number; kind: string }[] {
  const changes: { at: number; kind: string }[] = [];
  for (let s = 0; s < seconds; s += 1) {
    const change = watch.observe(from + s * 1000, speed);
    if (change) changes.push({ at: from + s * 1000, kind: change.kind });
  }
  return changes;
}

describe('DegradedWatch (speed below 0.95× for 10 s)', () => {
  it('marks a live degraded after 10 s below 0.95×, not before', () => {
    const watch = new DegradedWatch();
    expect(feed(watch, 0, 10, 0.48)).toEqual([]); // 0 … 9 s: not yet 10 s
    expect(watch.observe(10_000, 0.48)).toEqual({ kind: 'degraded', speed: 0.48 });
    expect(watch.degraded).toBe(true);
  });

  it('a short dip does not count, and a dip that recovers starts the count over', () => {
    const watch = new DegradedWatch();
    expect(feed(watch, 0, 8, 0.9)).toEqual([]);
    expect(watch.observe(8000, 1.0)).toBeUndefined();
    expect(feed(watch, 9000, 9, 0.9)).toEqual([]); // 9 … 17 s: only 8 s since the count restarted
    expect(watch.degraded).toBe(false);
  });

  it('exactly at the threshold is real time (0.95× keeps up)', () => {
    const watch = new DegradedWatch();
    expect(feed(watch, 0, 30, 0.95)).toEqual([]);
  });

  it('recovers after 10 s back at real time, and one fast second does not clear it', () => {
    const watch = new DegradedWatch();
    feed(watch, 0, 11, 0.5);
    expect(watch.degraded).toBe(true);
    expect(watch.observe(11_000, 1.0)).toBeUndefined();
    expect(watch.observe(12_000, 0.5)).toBeUndefined(); // back down: still degraded, recovery count reset
    expect(feed(watch, 13_000, 10, 1.0)).toEqual([]);
    expect(watch.observe(23_000, 1.0)).toEqual({ kind: 'recovered', speed: 1.0 });
  });

  it('pause (the live reconnects) starts the count over', () => {
    const watch = new DegradedWatch();
    feed(watch, 0, 9, 0.5);
    watch.pause();
    expect(feed(watch, 20_000, 10, 0.5)).toEqual([]);
    expect(watch.observe(30_000, 0.5)?.kind).toBe('degraded');
  });
});
