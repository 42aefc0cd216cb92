import type { RunStats } from '@shared/contract/lives';
import { useTranslation } from 'react-i18next';
import { formatBitrate, formatFps, formatSpeed } from '../lib/format';

/** The run's averages since it began, from its last sample that has them; null when none does. */
export function runAverages(stats: readonly RunStats[]): NonNullable<RunStats['average']> | null {
  for (let index = stats.length - 1; index >= 0; index -= 1) {
    const average = stats[index]?.average;
    if (average) return average;
  }
  return null;
}

/** The run summary's figures: averaged over the whole run, unlike the live figures (last few seconds). */
export function RunAveragesLine({ stats }: { stats: readonly RunStats[] }) {
  const { t, i18n } = useTranslation();
  const average = runAverages(stats);
  if (!average) return null;
  const figures = [
    t('detail.averageFps', { fps: formatFps(average.fps, i18n.language) }),
    ...(average.bitrateKbps === null ? [] : [formatBitrate(average.bitrateKbps, i18n.language)]),
    t('detail.averageSpeed', { speed: formatSpeed(average.speed, i18n.language) }),
  ];
  return (
    <p className="text-sm text-muted-foreground" data-testid="run-averages">
      <span className="font-medium text-foreground">{t('detail.averages')}</span> {figures.join(' · ')}
    </p>
  );
}
