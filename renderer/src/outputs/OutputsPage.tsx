import type { Output } from '@shared/contract/outputs';
import { Plus, Share2 } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { Dialog } from '../components/ui/dialog';
import { messageOf } from '../lib/message';
import { OutputCard } from './OutputCard';
import { OutputDialog } from './OutputDialog';
import { SharingCard } from './SharingCard';
import { useOutputs, useSharing } from './use-outputs';

type Editing = { kind: 'create' } | { kind: 'edit'; output: Output } | { kind: 'delete'; output: Output };

/**
 * The audience side: where viewers reach this engine (LAN sharing on the desktop), the named
 * outputs with fixed addresses that lives feed, and the expiring links to watch them.
 */
export function OutputsPage() {
  const { t, i18n } = useTranslation();
  const { outputs, loading, error, reload } = useOutputs();
  const { sharing } = useSharing();
  const [editing, setEditing] = useState<Editing | null>(null);
  const close = (): void => {
    setEditing(null);
    reload();
  };
  return (
    <div className="mx-auto w-full max-w-5xl space-y-6 p-8">
      <header className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t('outputs.title')}</h1>
          <p className="mt-1 max-w-2xl text-sm text-muted-foreground">{t('outputs.intro')}</p>
        </div>
        <Button variant="primary" onClick={() => setEditing({ kind: 'create' })} data-testid="new-output">
          <Plus aria-hidden />
          {t('outputs.new')}
        </Button>
      </header>
      {sharing && <SharingCard key={`${sharing.enabled}:${sharing.address ?? ''}:${sharing.port}`} sharing={sharing} />}
      {error !== undefined && (
        <Alert.Root tone="danger">
          <Alert.Description>{messageOf(error, i18n)}</Alert.Description>
        </Alert.Root>
      )}
      {!loading && outputs.length === 0 && error === undefined && (
        <div className="rounded-xl border border-dashed border-border p-10 text-center" data-testid="outputs-empty">
          <Share2 className="mx-auto mb-3 size-8 text-muted-foreground" aria-hidden />
          <h2 className="font-semibold">{t('outputs.emptyTitle')}</h2>
          <p className="mx-auto mt-1 max-w-md text-sm text-muted-foreground">{t('outputs.emptyBody')}</p>
        </div>
      )}
      <div className="space-y-4">
        {outputs.map((output) => (
          <OutputCard
            key={output.id}
            output={output}
            onEdit={() => setEditing({ kind: 'edit', output })}
            onDelete={() => setEditing({ kind: 'delete', output })}
          />
        ))}
      </div>
      {editing?.kind === 'create' && <OutputDialog onClose={close} />}
      {editing?.kind === 'edit' && <OutputDialog output={editing.output} onClose={close} />}
      {editing?.kind === 'delete' && <DeleteOutputDialog output={editing.output} onClose={close} />}
    </div>
  );
}

function DeleteOutputDialog({ output, onClose }: { output: Output; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const remove = (): void => {
    setError(null);
    api.outputs.delete({ outputId: output.id }).then(onClose, (failure: unknown) => setError(messageOf(failure, i18n)));
  };
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Content
        closeLabel={t('common.close')}
        className="w-[min(28rem,calc(100vw-2rem))]"
        data-testid="delete-output-dialog"
      >
        <Dialog.Header>
          <Dialog.Title>{t('outputs.deleteTitle', { title: output.title })}</Dialog.Title>
          <Dialog.Description>{t('outputs.deleteBody')}</Dialog.Description>
        </Dialog.Header>
        {error && (
          <div className="px-6 pt-4">
            <Alert.Root tone="danger">
              <Alert.Description>{error}</Alert.Description>
            </Alert.Root>
          </div>
        )}
        <Dialog.Footer>
          <Dialog.Close asChild>
            <Button variant="ghost">{t('common.cancel')}</Button>
          </Dialog.Close>
          <Button variant="danger" onClick={remove} data-testid="confirm-delete-output">
            {t('outputs.deleteConfirm')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}

export default OutputsPage;
