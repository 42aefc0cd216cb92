import { describe, expect, it } from 'vitest';
import { StartPolicy } from './live-fields';
import { describeScheduleInput } from './schedule';

function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((issue) => ({ path: issue.path.at(-1), message: issue.message }));
}

describe('one refinement for a recurring start (a live’s start policy and schedule.describe)', () => {
  it.each([
    {
      name: 'an unknown time zone',
      cron: '30 20 * * 1-5',
      timeZone: 'Mars/Olympus',
      path: 'timeZone',
      message: /^Unknown time zone "Mars\/Olympus"\.$/,
    },
    {
      name: 'a pattern croner refuses',
      cron: '61 20 * * *',
      timeZone: 'Europe/Paris',
      path: 'cron',
      message: /^Invalid cron pattern "61 20 \* \* \*"/,
    },
    { name: 'an empty pattern', cron: '   ', timeZone: 'UTC', path: 'cron', message: /^A recurring start needs a cron pattern/ },
  ])('$name: the same issue, on the same field, from both schemas', ({ cron, timeZone, path, message }) => {
    const fromLive = issuesOf(StartPolicy.safeParse({ kind: 'recurring', cron, timeZone }));
    const fromDescribe = issuesOf(describeScheduleInput.safeParse({ cron, timeZone }));
    expect(fromLive).toHaveLength(1);
    expect(fromLive[0]?.path).toBe(path);
    expect(fromLive[0]?.message).toMatch(message);
    expect(fromDescribe).toEqual(fromLive);
  });

  it('accepts a valid pattern in both', () => {
    expect(StartPolicy.safeParse({ kind: 'recurring', cron: '30 20 * * 1-5', timeZone: 'Europe/Paris' }).success).toBe(true);
    expect(describeScheduleInput.safeParse({ cron: '30 20 * * 1-5', timeZone: 'Europe/Paris' }).success).toBe(true);
  });
});
