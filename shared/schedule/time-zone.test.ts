import { describe, expect, it } from 'vitest';
import { formatWallClock, isValidTimeZone, wallClockToUtc } from './time-zone';

const PARIS = 'Europe/Paris';

describe('wallClockToUtc across Europe/Paris DST (last Sundays of March and October 2026)', () => {
  it('reads times before and after the spring-forward change with their own offset', () => {
    expect(new Date(wallClockToUtc({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, PARIS).utcMs).toISOString()).toBe(
      '2026-03-29T00:30:00.000Z',
    );
    const after = wallClockToUtc({ year: 2026, month: 3, day: 29, hour: 10, minute: 0 }, PARIS);
    expect(new Date(after.utcMs).toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(after.resolution).toBe('exact');
  });

  it('moves a time inside the spring-forward gap forward by the gap (02:30 → 03:30)', () => {
    const gap = wallClockToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, PARIS);
    expect(gap.resolution).toBe('gap');
    expect(new Date(gap.utcMs).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(formatWallClock(gap.utcMs, PARIS)).toBe('2026-03-29 03:30');
  });

  it('takes the first of the two 02:30 on the fall-back day, and the right offset after', () => {
    const twice = wallClockToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, PARIS);
    expect(twice.resolution).toBe('overlap');
    expect(new Date(twice.utcMs).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(new Date(wallClockToUtc({ year: 2026, month: 10, day: 25, hour: 12, minute: 0 }, PARIS).utcMs).toISOString()).toBe(
      '2026-10-25T11:00:00.000Z',
    );
  });

  it('round-trips an ordinary time in another zone', () => {
    const ny = wallClockToUtc({ year: 2026, month: 7, day: 4, hour: 20, minute: 15 }, 'America/New_York');
    expect(new Date(ny.utcMs).toISOString()).toBe('2026-07-05T00:15:00.000Z');
    expect(formatWallClock(ny.utcMs, 'America/New_York')).toBe('2026-07-04 20:15');
  });

  it('knows real IANA zones from made-up ones', () => {
    expect(isValidTimeZone(PARIS)).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
