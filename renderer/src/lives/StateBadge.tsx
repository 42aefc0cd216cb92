import type { DestinationHealth, LiveState } from '@shared/contract/lives';
import { useTranslation } from 'react-i18next';
import { cn } from '../lib/cn';

/** One colour per state, so a glance at the list tells which lives need attention. */
const STATE_STYLE: Readonly<Record<LiveState, { pill: string; dot: string; pulse?: boolean }>> = {
  draft: { pill: 'bg-muted text-muted-foreground', dot: 'bg-muted-foreground' },
  scheduled: { pill: 'bg-sky-500/15 text-sky-700 dark:text-sky-400', dot: 'bg-sky-500' },
  queued: { pill: 'bg-violet-500/15 text-violet-700 dark:text-violet-400', dot: 'bg-violet-500' },
  starting: { pill: 'bg-amber-500/15 text-amber-700 dark:text-amber-400', dot: 'bg-amber-500', pulse: true },
  live: { pill: 'bg-primary text-primary-foreground', dot: 'bg-white', pulse: true },
  reconnecting: { pill: 'bg-orange-500/15 text-orange-700 dark:text-orange-400', dot: 'bg-orange-500', pulse: true },
  stopping: { pill: 'bg-yellow-500/15 text-yellow-700 dark:text-yellow-300', dot: 'bg-yellow-500', pulse: true },
  ended: { pill: 'bg-emerald-500/15 text-emerald-700 dark:text-emerald-400', dot: 'bg-emerald-500' },
  failed: { pill: 'bg-danger/15 text-red-700 dark:text-danger ring-1 ring-danger/40', dot: 'bg-danger' },
  interrupted: { pill: 'bg-fuchsia-500/15 text-fuchsia-700 dark:text-fuchsia-400', dot: 'bg-fuchsia-500' },
};

export function StateBadge({ state, className }: { state: LiveState; className?: string }) {
  const { t } = useTranslation();
  const style = STATE_STYLE[state];
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold tracking-wide',
        style.pill,
        className,
      )}
      data-testid="live-state"
      data-state={state}
    >
      <span className={cn('size-1.5 rounded-full', style.dot, style.pulse && 'animate-pulse')} aria-hidden />
      {t(`state.${state}`)}
    </span>
  );
}

const HEALTH_DOT: Readonly<Record<DestinationHealth | 'idle', string>> = {
  idle: 'bg-muted-foreground/40',
  connecting: 'bg-amber-500 animate-pulse',
  live: 'bg-success',
  retrying: 'bg-orange-500 animate-pulse',
  failed: 'bg-danger',
};

/** A destination's health as a dot; the label says it for screen readers and tooltips. */
export function HealthDot({ health, className }: { health: DestinationHealth | 'idle'; className?: string }) {
  const { t } = useTranslation();
  return (
    <span
      className={cn('inline-block size-2 shrink-0 rounded-full', HEALTH_DOT[health], className)}
      role="img"
      aria-label={t(`health.${health}`)}
      data-health={health}
    />
  );
}
