import type { Live } from '@shared/contract/lives';
import { isActive } from '@shared/lives/state-machine';
import { Play, Square } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/lives-context';
import { toastError } from '../app/notify';
import { Button } from '../components/ui/button';

/**
 * Start or Stop, whichever applies. The new state arrives by `live.updated`; the button only
 * waits for the engine to accept the order.
 */
export function StartStopButton({ live }: { live: Live }) {
  const { t } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const running = isActive(live.state);
  const run = (order: 'start' | 'stop'): void => {
    setBusy(true);
    api.lives[order]({ liveId: live.id })
      .catch((error: unknown) =>
        toastError(error, t(order === 'start' ? 'lives.startFailed' : 'lives.stopFailed', { title: live.title })),
      )
      .finally(() => setBusy(false));
  };
  if (running) {
    return (
      <Button
        size="sm"
        variant="secondary"
        onClick={() => run('stop')}
        disabled={busy || live.state === 'stopping'}
        data-testid="stop-live"
      >
        <Square aria-hidden className="fill-current" />
        {t('lives.stop')}
      </Button>
    );
  }
  return (
    <Button size="sm" variant="primary" onClick={() => run('start')} disabled={busy} data-testid="start-live">
      <Play aria-hidden className="fill-current" />
      {t('lives.start')}
    </Button>
  );
}
