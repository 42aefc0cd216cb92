import type { TargetRecord } from '@shared/contract/host-targets';
import { Server } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../components/ui/badge';
import { useTargets } from './targets';

/** "On paris-vps": which machine the lives shown run on, when it is a VPS (nothing for this computer). */
export function MachineBadge() {
  const { selected } = useTargets();
  return <MachineBadgeOf target={selected} />;
}

export function MachineBadgeOf({ target }: { target: TargetRecord }) {
  const { t } = useTranslation();
  if (target.kind !== 'ssh') return null;
  return (
    <Badge data-testid="live-machine" title={`${target.user}@${target.host}`}>
      <Server className="size-3" aria-hidden />
      {t('nav.runsOn', { label: target.label })}
    </Badge>
  );
}
