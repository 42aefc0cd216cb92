import type { TargetRecord } from '@shared/contract/host-targets';
import { Server } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Select } from '../components/ui/select';
import { cn } from '../lib/cn';
import { useTarget } from './api-context';
import { HostKeyChangedNotice, isKeyChanged } from './HostKeyChangedNotice';
import { anyRetrying, targetStateText } from './target-state-text';
import { useTargets } from './targets';
import { useSecondClock } from './use-clock';

const STATE_DOT: Readonly<Record<TargetRecord['state'], string>> = {
  connected: 'bg-success',
  connecting: 'bg-amber-500 animate-pulse',
  disconnected: 'bg-muted-foreground/50',
  failed: 'bg-danger',
};

/**
 * Which engine this window works on: this computer, or an agent the desktop app reaches over SSH
 * (connected there; their state shows here). Only connected ones can be picked.
 */
export function TargetSwitcher() {
  const { t } = useTranslation();
  const { targetId, selectTarget } = useTarget();
  const { targets } = useTargets();
  // Ticks only while a target counts down to its next attempt.
  const now = useSecondClock(anyRetrying(targets));
  const labelOf = (target: TargetRecord): string => (target.kind === 'local' ? t('nav.thisComputer') : target.label);
  return (
    <div className="space-y-1 px-2" data-testid="target-switcher">
      <p
        id="target-label"
        className="flex items-center gap-1.5 text-[11px] font-medium tracking-wider text-muted-foreground uppercase"
      >
        <Server className="size-3" aria-hidden />
        {t('nav.machine')}
      </p>
      <Select.Root value={targetId} onValueChange={selectTarget}>
        <Select.Trigger aria-labelledby="target-label" className="h-8 text-xs" data-testid="target-select" />
        <Select.Content>
          {targets.map((target) => (
            <Select.Item key={target.id} value={target.id} disabled={target.state !== 'connected'} data-testid="target-option">
              <span className="inline-flex items-center gap-2">
                <span className={cn('size-1.5 rounded-full', STATE_DOT[target.state])} aria-hidden />
                {labelOf(target)}
                {target.state !== 'connected' && (
                  <span className="text-muted-foreground">· {targetStateText(target, now, t)}</span>
                )}
              </span>
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
      {targets.map((target) =>
        target.kind === 'ssh' && isKeyChanged(target) ? <HostKeyChangedNotice key={target.id} target={target} /> : null,
      )}
    </div>
  );
}
