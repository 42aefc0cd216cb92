import type { Live } from '@shared/contract/lives';
import { CalendarClock, Clapperboard, Film, Link2, ListVideo, Radio, Tv } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { hrefOf } from '../app/route';
import { useLives } from '../app/lives-context';
import { Tooltip } from '../components/ui/tooltip';
import { formatDateTime } from '../lib/format';
import { nextStart, sourceSummary } from './describe-live';
import { StartStopButton } from './LiveActions';
import { HealthDot, StateBadge } from './StateBadge';
import { destinationHealth } from './health';

const SOURCE_ICON = { testPattern: Clapperboard, file: Film, playlist: ListVideo, url: Link2, iptvChannel: Tv } as const;

/** One live in the list: what, from where, to where, and in which state. */
export function LiveRow({ live, now }: { live: Live; now: number }) {
  const { t, i18n } = useTranslation();
  const sample = useLives((s) => s.stats[live.id]);
  const SourceIcon = SOURCE_ICON[live.source.kind];
  const next = live.state === 'scheduled' ? nextStart(live, now) : null;
  return (
    <li
      className="flex items-center gap-4 px-5 py-4 transition-colors hover:bg-muted/40"
      data-testid="live-row"
      data-live-id={live.id}
    >
      <div className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-muted text-muted-foreground">
        <Radio className="size-5" aria-hidden />
      </div>
      <div className="min-w-0 flex-1 space-y-1.5">
        <div className="flex items-center gap-3">
          <a
            href={hrefOf({ page: 'live', liveId: live.id })}
            className="truncate font-medium hover:underline"
            data-testid="live-title"
          >
            {live.title}
          </a>
          <StateBadge state={live.state} />
        </div>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground">
          <span className="inline-flex items-center gap-1.5">
            <SourceIcon className="size-3.5" aria-hidden />
            {sourceSummary(live.source, t)}
          </span>
          {live.destinations.map((d) => {
            const health = destinationHealth(live, d.id, sample?.stats);
            return (
              <Tooltip.Simple key={d.id} text={health.reason ?? t(`health.${health.health}`)}>
                <span className="inline-flex items-center gap-1.5" data-testid="destination-chip">
                  <HealthDot health={health.health} />
                  <span className={d.enabled ? '' : 'line-through opacity-60'}>{d.name}</span>
                </span>
              </Tooltip.Simple>
            );
          })}
          {live.destinations.length === 0 && <span className="italic">{t('lives.noDestination')}</span>}
          {next && (
            <span className="inline-flex items-center gap-1.5 text-sky-600 dark:text-sky-400" data-testid="next-start">
              <CalendarClock className="size-3.5" aria-hidden />
              {t('lives.nextStart', {
                when: formatDateTime(next, i18n.language, live.start.kind === 'manual' ? undefined : live.start.timeZone),
              })}
            </span>
          )}
        </div>
      </div>
      <StartStopButton live={live} />
    </li>
  );
}
