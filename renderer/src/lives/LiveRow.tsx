import { eventReasonInWords } from '../lib/message';
import type { Live } from '@shared/contract/lives';
import { AlertTriangle, Clapperboard, Film, KeyRound, Link2, ListVideo, Radio, Tv } from 'lucide-react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLives } from '../app/lives-context';
import { hrefOf } from '../app/route';
import { useRpc } from '../app/use-rpc';
import { Tooltip } from '../components/ui/tooltip';
import { cn } from '../lib/cn';
import { sourceSummary } from './describe-live';
import { destinationsMissingKey } from './destinations';
import { destinationHealth } from './health';
import { StartStopButton } from './LiveActions';
import { ScheduleSummary } from './ScheduleSummary';
import { HealthDot, StateBadge } from './StateBadge';

const SOURCE_ICON = { testPattern: Clapperboard, file: Film, playlist: ListVideo, url: Link2, iptvChannel: Tv } as const;

/**
 * One live in the list: what, from where, to where, when next, and in which state. Memoised on
 * plain props: a keystroke in the search redraws only the rows that changed, not every row shown.
 */
export const LiveRow = memo(function LiveRow({
  live,
  now,
  selected,
  onToggle,
}: {
  live: Live;
  now: number;
  /** Bulk actions: a checkbox on running lives (what a bulk Stop applies to); undefined hides it. */
  selected?: boolean | undefined;
  /** Stable across renders (it takes the live's id), so the memo holds. */
  onToggle?: ((liveId: string) => void) | undefined;
}) {
  const { t } = useTranslation();
  const sample = useLives((s) => s.stats[live.id]);
  const SourceIcon = SOURCE_ICON[live.source.kind];
  const endReason = useEndReason(live);
  const missing = new Set(destinationsMissingKey(live).map((d) => d.id));
  return (
    <div
      className="flex items-center gap-4 px-5 py-4 transition-colors hover:bg-muted/40"
      data-testid="live-row"
      data-live-id={live.id}
    >
      {selected !== undefined && onToggle && (
        <input
          type="checkbox"
          className="size-4 shrink-0 accent-primary"
          checked={selected}
          onChange={() => onToggle(live.id)}
          aria-label={t('livesList.select', { title: live.title })}
          data-testid="select-live"
        />
      )}
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
            const noKey = missing.has(d.id);
            return (
              <Tooltip.Simple
                key={d.id}
                text={noKey ? t('destination.noKeyLong', { name: d.name }) : (health.reason ?? t(`health.${health.health}`))}
              >
                <span
                  className={cn('inline-flex items-center gap-1.5', noKey && 'text-amber-700 dark:text-warning')}
                  data-testid="destination-chip"
                  data-missing-key={noKey || undefined}
                >
                  {noKey ? (
                    <KeyRound className="size-3" aria-label={t('destination.noKey')} />
                  ) : (
                    <HealthDot health={health.health} />
                  )}
                  <span className={d.enabled ? '' : 'line-through opacity-60'}>{d.name}</span>
                </span>
              </Tooltip.Simple>
            );
          })}
          {live.destinations.length === 0 && <span className="italic">{t('lives.noDestination')}</span>}
          <ScheduleSummary live={live} now={now} />
        </div>
        {endReason && (
          <p
            className={cn(
              'flex items-start gap-1.5 text-xs',
              live.state === 'failed' ? 'text-danger' : 'text-fuchsia-700 dark:text-fuchsia-400',
            )}
            data-testid="end-reason"
          >
            <AlertTriangle className="mt-px size-3.5 shrink-0" aria-hidden />
            {endReason}
          </p>
        )}
      </div>
      <StartStopButton live={live} />
    </div>
  );
});

/**
 * Why a live failed or was interrupted, from its last run, so the list says it without a click.
 * Asked when the live reaches that state (an event), never on a timer.
 */
function useEndReason(live: Live): string | undefined {
  const { i18n } = useTranslation();
  const troubled = live.state === 'failed' || live.state === 'interrupted';
  const { data } = useRpc(troubled ? `end:${live.id}:${live.updatedAt}` : null, (api) =>
    api.lives.listRuns({ liveId: live.id, limit: 1 }),
  );
  const run = troubled ? data?.items[0] : undefined;
  return run?.endReason === undefined ? undefined : eventReasonInWords(run.endReason, run.endText, i18n);
}
