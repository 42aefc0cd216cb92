/**
 * The day/time picker's rule ("every Monday–Friday at 20:30") as a cron pattern and back. Days
 * are cron's numbers (0 Sunday … 6 Saturday). Only `M H * * days` patterns map back to a picker;
 * anything else stays for the raw field.
 */
export interface WeeklyRule {
  /** Sorted, distinct, 0–6; empty means no day (not a valid rule). */
  readonly days: readonly number[];
  readonly hour: number;
  readonly minute: number;
}

export function weeklyCron(rule: WeeklyRule): string {
  const days = [...new Set(rule.days)].filter((d) => d >= 0 && d <= 6).sort((a, b) => a - b);
  return `${rule.minute} ${rule.hour} * * ${days.length === 7 ? '*' : compressDays(days)}`;
}

/** `[1,2,3,4,5]` → `1-5`, `[1,3,5]` → `1,3,5`, `[0,6]` → `0,6`. */
function compressDays(days: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < days.length;) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j += 1;
    parts.push(j - i >= 2 ? `${days[i]}-${days[j]}` : days.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}

export function parseWeekly(cron: string): WeeklyRule | null {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts as [string, string, string, string, string];
  if (dayOfMonth !== '*' || month !== '*' || !/^\d{1,2}$/.test(minute) || !/^\d{1,2}$/.test(hour)) return null;
  const m = Number(minute);
  const h = Number(hour);
  if (m > 59 || h > 23) return null;
  const days = expandDays(dayOfWeek);
  return days === null ? null : { days, hour: h, minute: m };
}

function expandDays(field: string): number[] | null {
  if (field === '*') return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const range = /^(\d)(?:-(\d))?$/.exec(part);
    if (!range) return null;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (from > 7 || to > 7 || to < from) return null;
    for (let d = from; d <= to; d += 1) days.add(d % 7); // 7 is Sunday too
  }
  return [...days].sort((a, b) => a - b);
}
