import type { UpcomingStart } from '@shared/contract/schedule';
import { CalendarClock } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { hrefOf } from '../app/route';
import { useSecondClock } from '../app/use-clock';
import { Card } from '../components/ui/card';
import { formatCountdown, formatDateTime } from '../lib/format';

/** The next scheduled starts, soonest first, each with its countdown. */
export function UpcomingStarts({ starts }: { starts: readonly UpcomingStart[] | undefined }) {
  const { t, i18n } = useTranslation();
  const now = useSecondClock((starts?.length ?? 0) > 0);
  return (
    <Card.Root data-testid="upcoming">
      <Card.Header>
        <Card.Title className="inline-flex items-center gap-2">
          <CalendarClock className="size-4 text-muted-foreground" aria-hidden />
          {t('dashboard.upcoming')}
        </Card.Title>
      </Card.Header>
      {starts === undefined ? (
        <p className="px-5 py-4 text-sm text-muted-foreground">{t('common.loading')}</p>
      ) : starts.length === 0 ? (
        <p className="px-5 py-4 text-sm text-muted-foreground">{t('dashboard.noUpcoming')}</p>
      ) : (
        <ul className="divide-y divide-border">
          {starts.map((start) => (
            <li
              key={`${start.liveId}:${start.at}`}
              className="flex items-center gap-3 px-5 py-3 text-sm"
              data-testid="upcoming-start"
            >
              <div className="min-w-0 flex-1">
                <a href={hrefOf({ page: 'live', liveId: start.liveId })} className="block truncate font-medium hover:underline">
                  {start.title}
                </a>
                <p className="text-xs text-muted-foreground">{formatDateTime(start.at, i18n.language)}</p>
              </div>
              <span
                className="font-mono text-sm tabular-nums"
                data-testid="countdown"
                aria-label={t('dashboard.startsIn', { time: formatCountdown(Date.parse(start.at) - now) })}
              >
                {formatCountdown(Date.parse(start.at) - now)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card.Root>
  );
}
