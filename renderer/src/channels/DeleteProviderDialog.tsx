import type { Provider } from '@shared/contract/iptv';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { toastError } from '../app/notify';
import { Button } from '../components/ui/button';
import { Dialog } from '../components/ui/dialog';

/** Deleting a provider takes its catalog, guide, favourites and stored login with it: asked first. */
export function DeleteProviderDialog({ provider, onClose }: { provider: Provider; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const remove = async (): Promise<void> => {
    setBusy(true);
    try {
      await api.iptv.deleteProvider({ providerId: provider.id });
      onClose();
    } catch (error) {
      toastError(error);
      setBusy(false);
    }
  };
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Content closeLabel={t('common.close')} className="w-[min(28rem,calc(100vw-2rem))]">
        <Dialog.Header>
          <Dialog.Title>{t('channels.providers.deleteTitle', { name: provider.name })}</Dialog.Title>
          <Dialog.Description>{t('channels.providers.deleteBody')}</Dialog.Description>
        </Dialog.Header>
        <Dialog.Footer>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="danger" disabled={busy} onClick={() => void remove()} data-testid="confirm-delete-provider">
            {t('channels.providers.deleteConfirm')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}
