import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';

/** "Discard your changes?" over the live dialog; Escape or "Keep editing" goes back to the form. */
export function DiscardChangesDialog({
  open,
  onKeepEditing,
  onDiscard,
}: {
  open: boolean;
  onKeepEditing: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !next && onKeepEditing()}>
      <Dialog.Content
        closeLabel={t('common.close')}
        className="z-[55] w-[min(26rem,calc(100vw-2rem))]"
        data-testid="discard-dialog"
      >
        <Dialog.Header>
          <Dialog.Title>{t('dialog.discardTitle')}</Dialog.Title>
          <Dialog.Description>{t('dialog.discardBody')}</Dialog.Description>
        </Dialog.Header>
        <Dialog.Footer>
          <Button variant="ghost" onClick={onDiscard} data-testid="discard-changes">
            {t('dialog.discard')}
          </Button>
          <Button variant="primary" autoFocus onClick={onKeepEditing} data-testid="keep-editing">
            {t('dialog.keepEditing')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}
