import type { Live, RunStats } from '@shared/contract/lives';
import { KeyRound } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/lives-context';
import { Card } from '../components/ui/card';
import { cn } from '../lib/cn';
import { HealthDot } from './StateBadge';
import { destinationHealth, destinationReasons } from './health';

/** Each destination with its health and, when it is not fine, why. */
export function DestinationHealthList({
  live,
  stats,
  className,
}: {
  live: Live;
  stats: RunStats | undefined;
  className?: string;
}) {
  const { t } = useTranslation();
  const reasons = useJournalReasons(live.currentRunId, stats);
  return (
    <Card.Root className={className}>
      <Card.Header>
        <Card.Title>{t('detail.destinations')}</Card.Title>
      </Card.Header>
      <ul className="divide-y divide-border">
        {live.destinations.length === 0 && (
          <li className="px-5 py-4 text-sm text-muted-foreground">{t('lives.noDestination')}</li>
        )}
        {live.destinations.map((d) => {
          const status = destinationHealth(live, d.id, stats, reasons);
          return (
            <li
              key={d.id}
              className="flex items-start gap-3 px-5 py-3"
              data-testid="destination-health"
              data-health={status.health}
            >
              <HealthDot health={status.health} className="mt-1.5" />
              <div className="min-w-0 flex-1">
                <div className="flex items-center justify-between gap-2">
                  <span className="truncate text-sm font-medium">{d.name}</span>
                  <span className="shrink-0 text-xs text-muted-foreground">{t(`health.${status.health}`)}</span>
                </div>
                <p className="truncate text-xs text-muted-foreground">
                  {t(`destination.kind.${d.kind}`)}
                  {d.streamKey.keySet && (
                    <span className="ml-2 inline-flex items-center gap-1 font-mono" data-testid="key-mask">
                      <KeyRound className="size-3" aria-hidden />
                      {d.streamKey.keyMasked}
                    </span>
                  )}
                  {!d.enabled && <span className="ml-2 italic">{t('detail.disabled')}</span>}
                </p>
                {status.reason && (
                  <p
                    className={cn('mt-1 text-xs', status.health === 'failed' ? 'text-danger' : 'text-warning')}
                    data-testid="destination-reason"
                  >
                    {status.reason}
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </Card.Root>
  );
}

/**
 * The journal's reasons for the current run, read again only when a destination's health
 * changes in the statistics (so an event, not a timer, triggers it).
 */
function useJournalReasons(runId: string | undefined, stats: RunStats | undefined): Readonly<Record<string, string>> {
  const api = useApi();
  const [reasons, setReasons] = useState<{ runId: string; value: Readonly<Record<string, string>> } | null>(null);
  const signature = stats?.destinations.map((d) => `${d.id}=${d.health}`).join(',') ?? '';
  const troubled = /=(retrying|failed)/.test(signature);
  useEffect(() => {
    if (runId === undefined || !troubled) return;
    let alive = true;
    api.lives
      .getRun({ runId })
      .then((detail) => alive && setReasons({ runId, value: destinationReasons(detail.events) }))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [api, runId, signature, troubled]);
  return reasons !== null && reasons.runId === runId ? reasons.value : {};
}
