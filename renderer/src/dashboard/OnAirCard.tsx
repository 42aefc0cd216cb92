import type { Live } from '@shared/contract/lives';
import { AlertTriangle } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useConnection } from '../app/api-context';
import { useLives } from '../app/lives-context';
import { hrefOf } from '../app/route';
import { useSecondClock } from '../app/use-clock';
import { useRpc } from '../app/use-rpc';
import { Card } from '../components/ui/card';
import { LazyChart as Chart } from '../components/ui/lazy-chart';
import { cn } from '../lib/cn';
import { formatBitrate, formatDuration, formatFps, formatSpeed } from '../lib/format';
import { destinationHealth } from '../lives/health';
import { HealthDot, StateBadge } from '../lives/StateBadge';

const NO_HISTORY = { at: [] as number[], bitrateKbps: [] as (number | null)[] };

/**
 * A live on air as the dashboard shows it: uptime, a bitrate sparkline, fps and speed (with the
 * degraded warning), each destination's health — all from `run.stats` events.
 */
export function OnAirCard({ live }: { live: Live }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const connected = useConnection().state === 'connected';
  const sample = useLives((s) => s.stats[live.id]);
  const history = useLives((s) => s.history[live.id]) ?? NO_HISTORY;
  const stats = connected ? sample?.stats : undefined;
  const run = useRpc(live.currentRunId ? `run-start:${live.currentRunId}` : null, (api) =>
    api.lives.listRuns({ liveId: live.id, limit: 1 }),
  ).data?.items[0];
  const now = useSecondClock(connected);
  const started = run && run.id === live.currentRunId ? Date.parse(run.startedAt) : Number.NaN;
  const degraded = stats?.health === 'degraded';
  return (
    <Card.Root className="flex flex-col" data-testid="on-air-card" data-live-id={live.id}>
      <Card.Header className="py-3">
        <a href={hrefOf({ page: 'live', liveId: live.id })} className="min-w-0 truncate font-medium hover:underline">
          {live.title}
        </a>
        <StateBadge state={live.state} />
      </Card.Header>
      <Card.Body className="flex-1 space-y-3">
        {degraded && stats && (
          <p className="flex items-start gap-2 text-xs text-amber-700 dark:text-warning" role="status" data-testid="degraded">
            <AlertTriangle className="mt-px size-3.5 shrink-0" aria-hidden />
            {t('stats.degraded', { speed: formatSpeed(stats.speed, lang) })}
          </p>
        )}
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2">
          <Stat label={t('stats.uptime')} value={Number.isFinite(started) ? formatDuration(now - started) : '—'} id="uptime" />
          <Stat
            label={t('stats.bitrate')}
            value={stats && stats.bitrateKbps !== null ? formatBitrate(stats.bitrateKbps, lang) : '—'}
            id="bitrate"
          />
          <Stat label={t('stats.fps')} value={stats ? formatFps(stats.fps, lang) : '—'} id="fps" />
          <Stat
            label={t('stats.speed')}
            value={stats ? formatSpeed(stats.speed, lang) : '—'}
            id="speed"
            warn={degraded || (stats !== undefined && stats.speed > 0 && stats.speed < 0.95)}
          />
        </dl>
        <Chart
          x={history.at}
          series={[{ label: t('stats.bitrate'), values: history.bitrateKbps, color: 'var(--color-primary)' }]}
          height={48}
          label={t('dashboard.bitrateChart', { title: live.title })}
        />
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground">
          {live.destinations
            .filter((d) => d.enabled)
            .map((d) => {
              const status = connected ? destinationHealth(live, d.id, stats) : { health: 'idle' as const };
              return (
                <li
                  key={d.id}
                  className="inline-flex items-center gap-1.5"
                  data-testid="on-air-destination"
                  data-health={status.health}
                >
                  <HealthDot health={status.health} />
                  <span title={status.reason}>{d.name}</span>
                </li>
              );
            })}
        </ul>
      </Card.Body>
    </Card.Root>
  );
}

function Stat({ label, value, id, warn }: { label: string; value: string; id: string; warn?: boolean }) {
  return (
    <div className="min-w-0" data-stat={id}>
      <dt className="truncate text-[10px] font-medium tracking-wider text-muted-foreground uppercase">{label}</dt>
      <dd className={cn('mt-0.5 truncate font-mono text-sm tabular-nums', warn && 'text-amber-700 dark:text-warning')}>
        {value}
      </dd>
    </div>
  );
}
