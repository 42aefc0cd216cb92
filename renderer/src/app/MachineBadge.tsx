import { Server } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../components/ui/badge';
import { useTargets } from './targets';

/** "On paris-vps": which machine the lives shown run on, when it is a VPS (nothing for this computer). */
export function MachineBadge() {
  const { t } = useTranslation();
  const { selected } = useTargets();
  if (selected.kind !== 'ssh') return null;
  return (
    <Badge data-testid="live-machine" title={`${selected.user}@${selected.host}`}>
      <Server className="size-3" aria-hidden />
      {t('nav.runsOn', { label: selected.label })}
    </Badge>
  );
}
