import type { Live } from '@shared/contract/lives';
import { isActive } from '@shared/lives/state-machine';
import { describeCron } from '@shared/schedule/describe-cron';
import { CalendarClock } from 'lucide-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { cn } from '../lib/cn';
import { formatDateTime, formatMinutes } from '../lib/format';
import { nextStart } from './describe-live';

/** The start rule in words: `Monday to Friday at 20:30`, or `One-off start` (its date is the next start). */
export function startRule(live: Live, t: TFunction, lang: string): string | null {
  const start = live.start;
  if (start.kind === 'manual') return null;
  if (start.kind === 'once') return t('schedule.oneOff');
  return describeCron(start.cron, lang.startsWith('fr') ? 'fr' : 'en');
}

/** How the live ends, in words; null when it runs until stopped. */
export function endRule(live: Live, t: TFunction, lang: string): string | null {
  const end = live.end;
  switch (end.kind) {
    case 'none':
      return null;
    case 'afterDuration':
      return t('schedule.endsAfter', { duration: formatMinutes(end.seconds / 60, lang) });
    case 'at':
      return t('schedule.endsAt', { when: formatDateTime(end.at, lang, end.timeZone) });
    case 'afterLoops':
      return t('schedule.endsAfterLoops', { count: end.count });
  }
}

/**
 * A scheduled live's rule, its next start (again after each run of a recurring live) and how it
 * ends, on one line: in the list and at the top of the live's page.
 */
export function ScheduleSummary({ live, now, className }: { live: Live; now: number; className?: string }) {
  const { t, i18n } = useTranslation();
  const rule = startRule(live, t, i18n.language);
  if (rule === null) return null;
  const zone = live.start.kind === 'manual' ? undefined : live.start.timeZone;
  const nextIso = isActive(live.state) ? null : nextStart(live, now);
  const next = nextIso !== null && Date.parse(nextIso) > now ? nextIso : null;
  const end = endRule(live, t, i18n.language);
  return (
    <span
      className={cn('inline-flex flex-wrap items-center gap-x-1.5 text-sky-700 dark:text-sky-400', className)}
      data-testid="schedule-summary"
    >
      <CalendarClock className="size-3.5 shrink-0" aria-hidden />
      <span data-testid="schedule-rule">{rule}</span>
      {next && (
        <>
          <span aria-hidden>·</span>
          <span data-testid="next-start">{t('lives.nextStart', { when: formatDateTime(next, i18n.language, zone) })}</span>
        </>
      )}
      {end && (
        <>
          <span aria-hidden>·</span>
          <span data-testid="end-rule">{end}</span>
        </>
      )}
    </span>
  );
}
