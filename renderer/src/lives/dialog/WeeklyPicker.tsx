import { useTranslation } from 'react-i18next';
import { Input, Label } from '../../components/ui/input';
import { cn } from '../../lib/cn';
import { parseWeekly, weeklyCron, type WeeklyRule } from '../weekly-cron';

/** Monday first, as a week is read in French and on most calendars; values are cron's (0 = Sunday). */
const WEEK = [1, 2, 3, 4, 5, 6, 0] as const;
const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * "Every Monday–Friday at 20:30" without writing cron: day toggles and a time build the
 * pattern in the raw field below, which stays for those who write cron. A pattern the picker
 * cannot show (every 15 minutes, the 1st of the month) is left alone and said so.
 */
export function WeeklyPicker({ cron, onChange }: { cron: string; onChange: (cron: string) => void }) {
  const { t, i18n } = useTranslation();
  const rule = parseWeekly(cron);
  if (rule === null) {
    return (
      <p className="text-xs text-muted-foreground" data-testid="weekly-picker-custom">
        {t('dialog.schedule.pickerCustom')}
      </p>
    );
  }
  const set = (patch: Partial<WeeklyRule>): void => {
    const next = { ...rule, ...patch };
    // A rule needs one day at least: the last day cannot be switched off.
    if (next.days.length > 0) onChange(weeklyCron(next));
  };
  const toggle = (day: number): void =>
    set({ days: rule.days.includes(day) ? rule.days.filter((d) => d !== day) : [...rule.days, day] });
  const dayName = (day: number, width: 'short' | 'long'): string =>
    // 2023-01-01 was a Sunday: day 0.
    new Intl.DateTimeFormat(i18n.language, { weekday: width, timeZone: 'UTC' }).format(Date.UTC(2023, 0, 1 + day));
  return (
    <div className="flex flex-wrap items-end gap-4" data-testid="weekly-picker">
      <fieldset className="space-y-1.5">
        <legend className="mb-1.5 text-xs font-medium text-muted-foreground">{t('dialog.schedule.days')}</legend>
        <div className="flex gap-1">
          {WEEK.map((day) => {
            const on = rule.days.includes(day);
            return (
              <button
                key={day}
                type="button"
                aria-pressed={on}
                aria-label={dayName(day, 'long')}
                onClick={() => toggle(day)}
                data-testid={`weekday-${day}`}
                className={cn(
                  'h-8 min-w-10 rounded-md border px-2 text-xs font-medium capitalize transition-colors',
                  'focus-visible:ring-2 focus-visible:ring-ring/60 focus-visible:outline-none',
                  on
                    ? 'border-primary bg-primary text-primary-foreground'
                    : 'border-border bg-background text-muted-foreground hover:bg-muted',
                )}
              >
                {dayName(day, 'short').replace(/\.$/, '')}
              </button>
            );
          })}
        </div>
      </fieldset>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="weekly-time">{t('dialog.schedule.time')}</Label>
        <Input
          id="weekly-time"
          type="time"
          step={60}
          className="w-32"
          value={`${pad(rule.hour)}:${pad(rule.minute)}`}
          onChange={(e) => {
            const match = /^(\d{2}):(\d{2})/.exec(e.target.value);
            if (match) set({ hour: Number(match[1]), minute: Number(match[2]) });
          }}
          data-testid="weekly-time"
        />
      </div>
    </div>
  );
}
