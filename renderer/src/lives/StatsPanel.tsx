import type { Run, RunStats } from '@shared/contract/lives';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cn } from '../lib/cn';
import { formatBitrate, formatBytes, formatDuration, formatFps, formatSpeed } from '../lib/format';

/** The running live's figures from the latest `run.stats` sample; uptime ticks from the run's start. */
export function StatsPanel({ stats, run, running }: { stats: RunStats | undefined; run: Run | undefined; running: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const now = useSecondClock(running);
  const startedAt = run ? Date.parse(run.startedAt) : Number.NaN;
  const endedAt = run?.endedAt ? Date.parse(run.endedAt) : now;
  const uptime = Number.isFinite(startedAt) ? formatDuration(endedAt - startedAt) : '—';
  const speedLow = stats !== undefined && stats.speed > 0 && stats.speed < 0.95;
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
    <dl className="grid grid-cols-4 gap-px overflow-hidden rounded-xl border border-border bg-border" data-testid="stats">
      {items.map((item) => (
        <div key={item.key} className="bg-card px-4 py-3" data-stat={item.key}>
          <dt className="text-[11px] font-medium tracking-wider text-muted-foreground uppercase">{item.label}</dt>
          <dd className={cn('mt-1 font-mono text-lg tabular-nums', item.warn && 'text-warning')}>{item.value}</dd>
        </div>
      ))}
      <div className="bg-card px-4 py-3">
        <dt className="text-[11px] font-medium tracking-wider text-muted-foreground uppercase">{t('stats.restarts')}</dt>
        <dd className="mt-1 font-mono text-lg tabular-nums">{run ? run.restarts : '—'}</dd>
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
