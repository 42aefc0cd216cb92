import { isActive } from '@shared/lives/state-machine';
import { Plus, Radio } from 'lucide-react';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLives } from '../app/lives-context';
import { hrefOf } from '../app/route';
import { useTargets } from '../app/targets';
import { useRpc } from '../app/use-rpc';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { messageOf } from '../lib/message';
import { newestFirst } from '../lives/lives-store';
import { useMachineLoad } from './machine-load';
import { MachineLoadCard } from './MachineLoadCard';
import { OnAirCard } from './OnAirCard';
import { RecentFailures } from './RecentFailures';
import { UpcomingStarts } from './UpcomingStarts';

const FAILURES_SHOWN = 5;
const UPCOMING_SHOWN = 5;

/**
 * The first page: what is on air now and how it goes, what starts next, what failed, and how
 * the machine copes. Everything moves by the engine's events (`run.stats`, `live.updated`,
 * `system.load`); the only reads are the first ones and the schedule after a live changed.
 */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const hotReady = useLives((s) => s.hotReady);
  const error = useLives((s) => s.error);
  const byId = useLives((s) => s.lives);
  const { selected } = useTargets();
  const load = useMachineLoad();
  // Filtered before sorting: of thousands of lives only the few on air or failed are ordered.
  const { onAir, failed } = useMemo(() => {
    const all = Object.values(byId);
    return {
      onAir: all.filter((l) => isActive(l.state)).sort(newestFirst),
      failed: all
        .filter((l) => l.state === 'failed')
        .sort((a, b) => (a.updatedAt === b.updatedAt ? 0 : a.updatedAt < b.updatedAt ? 1 : -1))
        .slice(0, FAILURES_SHOWN),
    };
  }, [byId]);
  // The schedule is asked again only when a scheduled live changed (an event), never on a timer.
  const scheduleKey = useLives((s) =>
    Object.values(s.lives)
      .filter((l) => l.start.kind !== 'manual')
      .map((l) => `${l.id}@${l.updatedAt}`)
      .sort()
      .join(','),
  );
  const upcoming = useRpc(`upcoming:${scheduleKey}`, (api) => api.schedule.upcoming({ limit: UPCOMING_SHOWN }), {
    keepPrevious: true,
  });
  const ready = hotReady && upcoming.data !== undefined && (load.latest !== null || load.error !== undefined);
  useFirstDrawMark(ready);

  return (
    <div className="mx-auto w-full max-w-6xl space-y-6 p-8" data-testid="dashboard" data-ready={ready || undefined}>
      <header className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t('dashboard.title')}</h1>
          <p className="mt-1 text-sm text-muted-foreground">
            {hotReady ? t('dashboard.summary', { count: onAir.length }) : t('common.loading')}
          </p>
        </div>
        <Button asChild variant="secondary">
          <a href={hrefOf({ page: 'lives' })}>{t('dashboard.allLives')}</a>
        </Button>
      </header>
      {error && (
        <Alert.Root tone="danger">
          <Alert.Title>{t('lives.loadFailed')}</Alert.Title>
          <Alert.Description>{error}</Alert.Description>
        </Alert.Root>
      )}
      <section aria-labelledby="on-air-title" className="space-y-3">
        <h2 id="on-air-title" className="text-sm font-semibold tracking-wide">
          {t('dashboard.onAir')}
        </h2>
        {hotReady && onAir.length === 0 && <NothingOnAir />}
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" data-testid="on-air">
          {onAir.map((live) => (
            <OnAirCard key={live.id} live={live} />
          ))}
        </div>
      </section>
      <div className="grid gap-6 lg:grid-cols-3">
        <UpcomingStarts starts={upcoming.error !== undefined ? [] : upcoming.data} />
        <RecentFailures lives={failed} />
        <MachineLoadCard load={load} targetLabel={selected.kind === 'local' ? t('dashboard.thisComputer') : selected.label} />
      </div>
      {upcoming.error !== undefined && <p className="text-xs text-danger">{messageOf(upcoming.error, i18n)}</p>}
    </div>
  );
}

/** Named in the page's performance timeline; `npm run bench:ui` reads it (docs/performance.md). */
export const DASHBOARD_DRAWN_MARK = 'livemanager.dashboard-drawn';

/**
 * Marks the first frame that shows the dashboard with its data: the frame callback after the
 * commit runs just before that frame is painted. Once per page load.
 */
function useFirstDrawMark(ready: boolean): void {
  useEffect(() => {
    if (!ready || performance.getEntriesByName(DASHBOARD_DRAWN_MARK).length > 0) return;
    const frame = requestAnimationFrame(() => {
      if (performance.getEntriesByName(DASHBOARD_DRAWN_MARK).length === 0) performance.mark(DASHBOARD_DRAWN_MARK);
    });
    return () => cancelAnimationFrame(frame);
  }, [ready]);
}

function NothingOnAir() {
  const { t } = useTranslation();
  return (
    <Card.Root className="flex items-center gap-4 px-5 py-6" data-testid="nothing-on-air">
      <div className="flex size-10 items-center justify-center rounded-xl bg-muted text-muted-foreground">
        <Radio className="size-5" aria-hidden />
      </div>
      <p className="flex-1 text-sm text-muted-foreground">{t('dashboard.nothingOnAir')}</p>
      <Button asChild variant="primary" size="sm">
        <a href={hrefOf({ page: 'lives' })}>
          <Plus aria-hidden />
          {t('dashboard.goToLives')}
        </a>
      </Button>
    </Card.Root>
  );
}

export default DashboardPage;
