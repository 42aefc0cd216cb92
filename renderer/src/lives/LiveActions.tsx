import type { Live } from '@shared/contract/lives';
import { isActive } from '@shared/lives/state-machine';
import { Play, Square } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { toastError } from '../app/notify';
import { Button } from '../components/ui/button';
import { Dialog } from '../components/ui/dialog';
import { publicDestinations } from './destinations';
import { listOfNames } from './names';

/**
 * Start or Stop, whichever applies. The new state arrives by `live.updated`; the button only
 * waits for the engine to accept the order. Stopping a live that viewers see on a platform asks
 * first: a slip of the mouse would end a public broadcast.
 */
export function StartStopButton({ live }: { live: Live }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const running = isActive(live.state);
  const audience = publicDestinations(live);
  const run = (order: 'start' | 'stop'): void => {
    setBusy(true);
    setConfirming(false);
    api.lives[order]({ liveId: live.id })
      .catch((error: unknown) =>
        toastError(error, t(order === 'start' ? 'lives.startFailed' : 'lives.stopFailed', { title: live.title })),
      )
      .finally(() => setBusy(false));
  };
  if (!running) {
    return (
      <Button size="sm" variant="primary" onClick={() => run('start')} disabled={busy} data-testid="start-live">
        <Play aria-hidden className="fill-current" />
        {t('lives.start')}
      </Button>
    );
  }
  const stopButton = (
    <Button
      size="sm"
      variant="secondary"
      onClick={audience.length > 0 ? undefined : () => run('stop')}
      disabled={busy || live.state === 'stopping'}
      data-testid="stop-live"
    >
      <Square aria-hidden className="fill-current" />
      {t('lives.stop')}
    </Button>
  );
  if (audience.length === 0) return stopButton;
  return (
    <Dialog.Root open={confirming} onOpenChange={setConfirming}>
      <Dialog.Trigger asChild>{stopButton}</Dialog.Trigger>
      <Dialog.Content
        closeLabel={t('common.close')}
        className="w-[min(30rem,calc(100vw-2rem))]"
        data-testid="confirm-stop-dialog"
      >
        <Dialog.Header>
          <Dialog.Title>{t('lives.stopTitle', { title: live.title })}</Dialog.Title>
          <Dialog.Description>
            {t('lives.stopBody', {
              count: audience.length,
              names: listOfNames(
                audience.map((d) => d.name),
                i18n.language,
              ),
            })}
          </Dialog.Description>
        </Dialog.Header>
        <Dialog.Footer>
          <Dialog.Close asChild>
            <Button variant="ghost" data-testid="keep-live">
              {t('lives.keepOnAir')}
            </Button>
          </Dialog.Close>
          <Button variant="danger" onClick={() => run('stop')} data-testid="confirm-stop">
            <Square aria-hidden className="fill-current" />
            {t('lives.stopPublic')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}
