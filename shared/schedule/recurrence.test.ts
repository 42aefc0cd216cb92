import { describe, expect, it } from 'vitest';
import { endDeadline, nextStartAt, validateStartPlan } from './plan';
import { parseRecurrence, ScheduleInputError } from './recurrence';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const at = (text: string): number => Date.parse(text);

describe('recurring starts (croner, time-zone aware)', () => {
  it('keeps 09:00 Paris time across the spring-forward change (08:00Z, then 07:00Z)', () => {
    const daily = parseRecurrence('0 9 * * *', 'Europe/Paris');
    expect(daily.nextTimes(at('2026-03-27T12:00:00Z'), 3).map(iso)).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('runs a daily 02:30 at 03:00 on the day 02:30 does not exist, and once on the day it exists twice', () => {
    const night = parseRecurrence('30 2 * * *', 'Europe/Paris');
    expect(night.nextTimes(at('2026-03-28T12:00:00Z'), 2).map(iso)).toEqual([
      '2026-03-29T01:00:00.000Z', // 03:00 CEST, the first minute after the gap
      '2026-03-30T00:30:00.000Z',
    ]);
    expect(night.nextTimes(at('2026-10-24T12:00:00Z'), 2).map(iso)).toEqual([
      '2026-10-25T00:30:00.000Z', // the first 02:30 (CEST) only
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('returns the next fire strictly after the reference', () => {
    const daily = parseRecurrence('0 9 * * *', 'UTC');
    expect(iso(daily.nextAfter(at('2026-05-01T09:00:00Z')))).toBe('2026-05-02T09:00:00.000Z');
    expect(iso(daily.nextAfter(at('2026-05-01T08:59:59.500Z')))).toBe('2026-05-01T09:00:00.000Z');
  });

  it('rejects bad patterns and zones with a specific message', () => {
    expect(() => parseRecurrence('61 * * * *', 'UTC')).toThrow(/Invalid cron pattern "61 \* \* \* \*".*minute/);
    expect(() => parseRecurrence('0 0 9 * * *', 'UTC')).toThrow(ScheduleInputError);
    expect(() => parseRecurrence('0 9 * * *', 'Mars/Olympus_Mons')).toThrow('Unknown time zone "Mars/Olympus_Mons".');
    expect(() => parseRecurrence('', 'UTC')).toThrow(ScheduleInputError);
  });
});

describe('start and end plans', () => {
  it('gives no start for manual, the instant for once (even past), the next fire for recurring', () => {
    expect(nextStartAt({ kind: 'manual' }, 0)).toBeNull();
    expect(
      iso(nextStartAt({ kind: 'once', at: '2026-03-29T01:30:00.000Z', timeZone: 'Europe/Paris' }, at('2026-04-01T00:00:00Z'))),
    ).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(nextStartAt({ kind: 'recurring', cron: '0 20 * * 5', timeZone: 'UTC' }, at('2026-05-01T12:00:00Z')))).toBe(
      '2026-05-01T20:00:00.000Z',
    );
  });

  it('validates once starts', () => {
    expect(() => validateStartPlan({ kind: 'once', at: 'tomorrow', timeZone: 'UTC' })).toThrow(
      'The start time "tomorrow" is not a date and time.',
    );
    expect(() => validateStartPlan({ kind: 'once', at: '2026-05-01T20:00:00Z', timeZone: 'Nowhere/Land' })).toThrow(
      /Unknown time zone/,
    );
    expect(() => validateStartPlan({ kind: 'once', at: '2026-05-01T20:00:00Z', timeZone: 'Europe/Paris' })).not.toThrow();
  });

  it('computes the end deadline of each end kind', () => {
    const started = at('2026-05-01T20:00:00Z');
    const source = { probedDurationMs: 90_000, loopsReported: false };
    expect(endDeadline({ kind: 'none' }, started, source)).toBeNull();
    expect(iso(endDeadline({ kind: 'afterDuration', seconds: 3600 }, started, source))).toBe('2026-05-01T21:00:00.000Z');
    expect(iso(endDeadline({ kind: 'at', at: '2026-05-01T22:30:00Z' }, started, source))).toBe('2026-05-01T22:30:00.000Z');
    // Loops fall back to N × probed duration when the runtime cannot count them…
    expect(endDeadline({ kind: 'afterLoops', count: 3 }, started, source)).toBe(started + 270_000);
    // …and are left to the runtime when it can.
    expect(endDeadline({ kind: 'afterLoops', count: 3 }, started, { probedDurationMs: 90_000, loopsReported: true })).toBeNull();
  });
});
