import { useId, useState } from 'react';
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
      <TimeField
        key={`${rule.hour}:${rule.minute}`}
        label={t('dialog.schedule.time')}
        hour={rule.hour}
        minute={rule.minute}
        onChange={(hour, minute) => set({ hour, minute })}
      />
    </div>
  );
}

const TIME = /^([01]?\d|2[0-3])[:h.]([0-5]\d)$/;

/**
 * A 24-hour time typed as `20:30` (also `20h30`). Not a native time input: it follows the
 * system's locale, not the app's, and showed `08:30 PM` in the French UI. The cron changes
 * once the text is a time; until then the field keeps what is being typed.
 */
function TimeField({
  label,
  hour,
  minute,
  onChange,
}: {
  label: string;
  hour: number;
  minute: number;
  onChange: (hour: number, minute: number) => void;
}) {
  const id = useId();
  const [text, setText] = useState(`${pad(hour)}:${pad(minute)}`);
  const valid = TIME.test(text.trim());
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        inputMode="numeric"
        placeholder="20:30"
        className="w-24 font-mono"
        aria-invalid={!valid}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const match = TIME.exec(e.target.value.trim());
          if (match) onChange(Number(match[1]), Number(match[2]));
        }}
        data-testid="weekly-time"
      />
    </div>
  );
}
