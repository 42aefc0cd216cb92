import type { Run, RunStats } from '@shared/contract/lives';
import { AlertTriangle, RefreshCw } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cn } from '../lib/cn';
import { formatBitrate, formatBytes, formatDuration, formatFps, formatSpeed } from '../lib/format';

/**
 * The running live's figures from the latest `run.stats` sample (current, over the last seconds);
 * uptime ticks from the run's start. Above them, a warning while the live is degraded (slower
 * than real time) and the retry of a source not reached yet.
 */
export function StatsPanel({ stats, run, running }: { stats: RunStats | undefined; run: Run | undefined; running: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const now = useSecondClock(running);
  const startedAt = run ? Date.parse(run.startedAt) : Number.NaN;
  const endedAt = run?.endedAt ? Date.parse(run.endedAt) : now;
  const uptime = Number.isFinite(startedAt) ? formatDuration(endedAt - startedAt) : '—';
  const degraded = stats?.health === 'degraded';
  const speedLow = degraded || (stats !== undefined && stats.speed > 0 && stats.speed < 0.95);
  // The sample's own restart count is current; the run (re-read on state changes) may lag behind.
  const restarts = stats?.restarts ?? run?.restarts;
  const items: { key: string; label: string; value: string; warn?: boolean }[] = [
    { key: 'uptime', label: t('stats.uptime'), value: uptime },
    { key: 'fps', label: t('stats.fps'), value: stats ? formatFps(stats.fps, lang) : '—' },
    {
      key: 'bitrate',
      label: t('stats.bitrate'),
      value: stats && stats.bitrateKbps !== null ? `${formatBitrate(stats.bitrateKbps, lang)}bit/s` : '—',
    },
    { key: 'speed', label: t('stats.speed'), value: stats ? formatSpeed(stats.speed, lang) : '—', warn: speedLow },
    { key: 'dropped', label: t('stats.dropped'), value: stats ? String(stats.dropped) : '—', warn: (stats?.dropped ?? 0) > 0 },
    { key: 'cpu', label: t('stats.cpu'), value: stats ? `${stats.cpuPercent.toFixed(0)} %` : '—' },
    { key: 'rss', label: t('stats.rss'), value: stats ? formatBytes(stats.rssBytes, lang) : '—' },
  ];
  return (
    <div className="space-y-2">
      {running && degraded && stats && (
        <p
          className="flex items-start gap-2 rounded-lg border border-warning/40 bg-warning/10 px-3 py-2 text-sm text-warning"
          role="status"
          data-testid="degraded-warning"
        >
          <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
          {t('stats.degraded', { speed: formatSpeed(stats.speed, lang) })}
        </p>
      )}
      {running && stats?.sourceRetry && <SourceRetryNote stats={stats} now={now} />}
      <Figures items={items} restarts={restarts} />
    </div>
  );
}

/** "Source unreachable — retrying in N s, attempt k", counting down from the sample's time. */
function SourceRetryNote({ stats, now }: { stats: RunStats; now: number }) {
  const { t } = useTranslation();
  const retry = stats.sourceRetry;
  if (!retry) return null;
  const elapsed = Math.max(0, (now - Date.parse(stats.at)) / 1000);
  const seconds = Math.max(0, Math.ceil(retry.retryInSec - elapsed));
  const giveUp = retry.giveUpInSec === null ? null : Math.max(0, Math.ceil(retry.giveUpInSec - elapsed));
  return (
    <div
      className="rounded-lg border border-warning/40 bg-warning/10 px-3 py-2 text-sm text-warning"
      role="status"
      data-testid="source-retry"
    >
      <p className="flex items-center gap-2 font-medium">
        <RefreshCw className="size-4 shrink-0" aria-hidden />
        {t('stats.sourceRetry', { seconds, attempt: retry.attempt })}
        {giveUp !== null && <span className="font-normal opacity-80">· {t('stats.sourceGiveUp', { seconds: giveUp })}</span>}
      </p>
      <p className="mt-0.5 truncate text-xs opacity-80" title={retry.reason}>
        {retry.reason}
      </p>
    </div>
  );
}

function Figures({
  items,
  restarts,
}: {
  items: { key: string; label: string; value: string; warn?: boolean }[];
  restarts: number | undefined;
}) {
  const { t } = useTranslation();
  return (
    <dl className="grid grid-cols-4 gap-px overflow-hidden rounded-xl border border-border bg-border" data-testid="stats">
      {items.map((item) => (
        <div key={item.key} className="bg-card px-4 py-3" data-stat={item.key}>
          <dt className="text-[11px] font-medium tracking-wider text-muted-foreground uppercase">{item.label}</dt>
          <dd className={cn('mt-1 font-mono text-lg tabular-nums', item.warn && 'text-warning')}>{item.value}</dd>
        </div>
      ))}
      <div className="bg-card px-4 py-3">
        <dt className="text-[11px] font-medium tracking-wider text-muted-foreground uppercase">{t('stats.restarts')}</dt>
        <dd className="mt-1 font-mono text-lg tabular-nums">{restarts ?? '—'}</dd>
      </div>
    </dl>
  );
}

/** A clock for the uptime display only (the engine is never polled); stopped when nothing runs. */
function useSecondClock(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}
