import { parseRecurrence } from '@shared/schedule/recurrence';
import { describe, expect, it } from 'vitest';
import { parseWeekly, weeklyCron } from './weekly-cron';

describe('the day/time picker’s cron', () => {
  it('builds the pattern people would write', () => {
    expect(weeklyCron({ days: [1, 2, 3, 4, 5], hour: 20, minute: 30 })).toBe('30 20 * * 1-5');
    expect(weeklyCron({ days: [5, 1, 3], hour: 9, minute: 0 })).toBe('0 9 * * 1,3,5');
    expect(weeklyCron({ days: [0, 6], hour: 18, minute: 5 })).toBe('5 18 * * 0,6');
    expect(weeklyCron({ days: [0, 1, 2, 3, 4, 5, 6], hour: 7, minute: 15 })).toBe('15 7 * * *');
    expect(weeklyCron({ days: [0, 1, 2, 4, 5], hour: 7, minute: 15 })).toBe('15 7 * * 0-2,4,5');
  });

  it('builds patterns the scheduler accepts, that read back to the same rule', () => {
    for (const rule of [
      { days: [1, 2, 3, 4, 5], hour: 20, minute: 30 },
      { days: [0, 6], hour: 0, minute: 0 },
      { days: [3], hour: 23, minute: 59 },
    ]) {
      const cron = weeklyCron(rule);
      expect(() => parseRecurrence(cron, 'Europe/Paris')).not.toThrow();
      expect(parseWeekly(cron)).toEqual(rule);
    }
  });

  it('leaves to the raw field what a picker cannot show', () => {
    expect(parseWeekly('*/15 * * * *')).toBeNull();
    expect(parseWeekly('0 20 1 * *')).toBeNull();
    expect(parseWeekly('0 20 * * MON')).toBeNull();
    expect(parseWeekly('0 25 * * 1')).toBeNull();
    expect(parseWeekly('0 20 * *')).toBeNull();
    expect(parseWeekly('0 20 * * 7')).toEqual({ days: [0], hour: 20, minute: 0 });
  });
});
