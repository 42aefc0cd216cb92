import type { Run, RunStats } from '@shared/contract/lives';
import { AlertTriangle, RefreshCw } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useSecondClock } from '../app/use-clock';
import { cn } from '../lib/cn';
import { formatBitrate, formatBytes, formatDuration, formatFps, formatPercent, formatSpeed } from '../lib/format';

/**
 * The running live's figures from the latest `run.stats` sample (current, over the last seconds);
 * uptime ticks from the run's start. Above them, a warning while the live is degraded (slower
 * than real time) and the retry of a source not reached yet. `frozen`: the engine is out of
 * reach, so no figure pretends to be current.
 */
export function StatsPanel({
  stats,
  run,
  running,
  frozen = false,
}: {
  stats: RunStats | undefined;
  run: Run | undefined;
  running: boolean;
  frozen?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const now = useSecondClock(running && !frozen);
  const sample = frozen ? undefined : stats;
  const startedAt = run ? Date.parse(run.startedAt) : Number.NaN;
  const endedAt = run?.endedAt ? Date.parse(run.endedAt) : now;
  const uptime = Number.isFinite(startedAt) && !frozen ? formatDuration(endedAt - startedAt) : '—';
  const degraded = sample?.health === 'degraded';
  const speedLow = degraded || (sample !== undefined && sample.speed > 0 && sample.speed < 0.95);
  // The sample's own restart count is current; the run (re-read on state changes) may lag behind.
  const restarts = frozen ? undefined : (sample?.restarts ?? run?.restarts);
  const items: { key: string; label: string; value: string; warn?: boolean }[] = [
    { key: 'uptime', label: t('stats.uptime'), value: uptime },
    { key: 'fps', label: t('stats.fps'), value: sample ? formatFps(sample.fps, lang) : '—' },
    {
      key: 'bitrate',
      label: t('stats.bitrate'),
      value: sample && sample.bitrateKbps !== null ? formatBitrate(sample.bitrateKbps, lang) : '—',
    },
    { key: 'speed', label: t('stats.speed'), value: sample ? formatSpeed(sample.speed, lang) : '—', warn: speedLow },
    { key: 'dropped', label: t('stats.dropped'), value: sample ? String(sample.dropped) : '—', warn: (sample?.dropped ?? 0) > 0 },
    { key: 'cpu', label: t('stats.cpu'), value: sample ? formatPercent(sample.cpuPercent, lang) : '—' },
    { key: 'rss', label: t('stats.rss'), value: sample ? formatBytes(sample.rssBytes, lang) : '—' },
    { key: 'restarts', label: t('stats.restarts'), value: restarts === undefined ? '—' : String(restarts) },
  ];
  return (
    <div className="space-y-2">
      {running && degraded && sample && (
        <p
          className="flex items-start gap-2 rounded-lg border border-warning/40 bg-warning/10 px-3 py-2 text-sm text-amber-700 dark:text-warning"
          role="status"
          data-testid="degraded-warning"
        >
          <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
          {t('stats.degraded', { speed: formatSpeed(sample.speed, lang) })}
        </p>
      )}
      {running && sample?.sourceRetry && <SourceRetryNote stats={sample} now={now} />}
      {/* Tiles wrap instead of shrinking: a value is never cut, whatever the window's width. */}
      <dl
        className={cn(
          'grid grid-cols-[repeat(auto-fill,minmax(8.5rem,1fr))] gap-px overflow-hidden rounded-xl border border-border bg-border',
          frozen && 'opacity-60',
        )}
        data-testid="stats"
        data-frozen={frozen || undefined}
      >
        {items.map((item) => (
          <div key={item.key} className="min-w-0 bg-card px-4 py-3" data-stat={item.key}>
            <dt className="text-[11px] font-medium tracking-wider text-muted-foreground uppercase">{item.label}</dt>
            <dd
              className={cn(
                'mt-1 font-mono text-lg whitespace-nowrap tabular-nums',
                item.warn && 'text-amber-700 dark:text-warning',
              )}
            >
              {item.value}
            </dd>
          </div>
        ))}
      </dl>
      {frozen && (
        <p className="text-xs text-muted-foreground" data-testid="stats-frozen">
          {t('stats.frozen')}
        </p>
      )}
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
      className="rounded-lg border border-warning/40 bg-warning/10 px-3 py-2 text-sm text-amber-700 dark:text-warning"
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
