import type { Destination, Live, RunStats } from '@shared/contract/lives';
import { isActive } from '@shared/lives/state-machine';
import { KeyRound, Plus } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { toastError } from '../app/notify';
import { useRpc } from '../app/use-rpc';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { Switch } from '../components/ui/switch';
import { AddDestinationDialog } from './AddDestinationDialog';
import { cn } from '../lib/cn';
import { destinationsMissingKey } from './destinations';
import { destinationHealth, destinationReasons } from './health';
import { HlsAddress } from './HlsAddress';
import { HealthDot } from './StateBadge';
import { reasonInWords } from '../lib/message';

/** Each destination with its health and, when it is not fine, why; a missing key is flagged at rest too. */
export function DestinationHealthList({
  live,
  stats,
  frozen = false,
  canEdit = false,
  className,
}: {
  live: Live;
  stats: RunStats | undefined;
  /** The engine is out of reach: no health is claimed. */
  frozen?: boolean;
  /** The live's owner: destinations can be turned off or on, or added, even on air. */
  canEdit?: boolean;
  className?: string;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const reasons = useJournalReasons(live.currentRunId, stats);
  const missing = new Set(destinationsMissingKey(live).map((d) => d.id));
  const [adding, setAdding] = useState(false);
  const [switching, setSwitching] = useState<string | null>(null);
  const onAir = isActive(live.state);
  const enabledCount = live.destinations.filter((d) => d.enabled).length;
  const setEnabled = (destination: Destination, enabled: boolean): void => {
    setSwitching(destination.id);
    api.lives
      .setDestinationEnabled({ liveId: live.id, destinationId: destination.id, enabled })
      .catch((error: unknown) => toastError(error, t('liveActions.switchFailed', { name: destination.name })))
      .finally(() => setSwitching(null));
  };
  return (
    <Card.Root className={className}>
      <Card.Header>
        <Card.Title>{t('detail.destinations')}</Card.Title>
        {canEdit && (
          <Button size="sm" variant="ghost" onClick={() => setAdding(true)} data-testid="add-destination-live">
            <Plus aria-hidden />
            {t('liveActions.add')}
          </Button>
        )}
      </Card.Header>
      {adding && <AddDestinationDialog live={live} onClose={() => setAdding(false)} />}
      <ul className="divide-y divide-border">
        {live.destinations.length === 0 && (
          <li className="px-5 py-4 text-sm text-muted-foreground">{t('lives.noDestination')}</li>
        )}
        {live.destinations.map((d) => {
          const status = frozen ? { health: 'idle' as const, reason: undefined } : destinationHealth(live, d.id, stats, reasons);
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
                  <span className="flex shrink-0 items-center gap-2 text-xs text-muted-foreground">
                    {frozen ? t('connection.unknown') : t(`health.${status.health}`)}
                    {canEdit && (
                      <Switch
                        checked={d.enabled}
                        // On air, the last destination is turned off with Stop.
                        disabled={switching !== null || frozen || (onAir && d.enabled && enabledCount === 1)}
                        onCheckedChange={(enabled) => setEnabled(d, enabled)}
                        // Not the dialog's "Send to …": this one acts at once, on the engine.
                        aria-label={t('liveActions.sendTo', { name: d.name })}
                        data-testid="destination-switch"
                      />
                    )}
                  </span>
                </div>
                <p className="truncate text-xs text-muted-foreground">
                  {t(`destination.kind.${d.kind}`)}
                  <KeyState destination={d} missing={missing.has(d.id)} />
                  {!d.enabled && <span className="ml-2 italic">{t('detail.disabled')}</span>}
                </p>
                {d.kind === 'hls-local' && d.enabled && <HlsAddress liveId={live.id} refresh={live.state} className="mt-1.5" />}
                {status.reason && (
                  <p
                    className={cn(
                      'mt-1 text-xs',
                      status.health === 'failed' ? 'text-danger' : 'text-amber-700 dark:text-warning',
                    )}
                    data-testid="destination-reason"
                  >
                    {reasonInWords(status.reason, i18n)}
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

function KeyState({ destination: d, missing }: { destination: Destination; missing: boolean }) {
  const { t } = useTranslation();
  if (d.streamKey.keySet) {
    return (
      <span className="ml-2 inline-flex items-center gap-1 font-mono" data-testid="key-mask">
        <KeyRound className="size-3" aria-hidden />
        {d.streamKey.keyMasked}
      </span>
    );
  }
  if (!missing) return null;
  return (
    <span className="ml-2 inline-flex items-center gap-1 font-medium text-amber-700 dark:text-warning" data-testid="key-missing">
      <KeyRound className="size-3" aria-hidden />
      {t('destination.noKey')}
    </span>
  );
}

/**
 * The journal's reasons for the current run, read again only when a destination's health
 * changes in the statistics (so an event, not a timer, triggers it).
 */
function useJournalReasons(runId: string | undefined, stats: RunStats | undefined): Readonly<Record<string, string>> {
  const signature = stats?.destinations.map((d) => `${d.id}=${d.health}`).join(',') ?? '';
  const troubled = /=(retrying|failed)/.test(signature);
  const { data } = useRpc(runId !== undefined && troubled ? `journal:${runId}:${signature}` : null, (api) =>
    api.lives.getRun({ runId: runId! }),
  );
  return data !== undefined && data.run.id === runId ? destinationReasons(data.events) : {};
}
