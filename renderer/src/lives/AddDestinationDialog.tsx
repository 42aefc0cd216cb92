import { DestinationKind, isPushKind, type Live } from '@shared/contract/lives';
import { Plus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { Dialog } from '../components/ui/dialog';
import { Field, Input } from '../components/ui/input';
import { Select } from '../components/ui/select';
import { messageOf } from '../lib/message';
import { OutputPicker } from '../outputs/OutputPicker';
import { distinctName } from './destinations';
import { destinationInput, newDestination } from './live-draft';
import { cleanStreamKey } from './stream-key';

/**
 * One more destination for a live, also while it is on air: the engine starts sending there
 * without touching the others (a live with one destination moves to the hub, reconnecting it once).
 */
export function AddDestinationDialog({ live, onClose }: { live: Live; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const hasHls = live.destinations.some((d) => d.kind === 'hls-local');
  const nameFor = (kind: DestinationKind): string =>
    distinctName(
      t(`destination.defaultName.${kind}`),
      live.destinations.map((d) => d.name),
    );
  const [draft, setDraft] = useState(() => newDestination('twitch', nameFor('twitch')));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    api.lives
      .addDestination({ liveId: live.id, destination: destinationInput(draft) })
      .then(onClose, (failure: unknown) => setError(messageOf(failure, i18n)))
      .finally(() => setBusy(false));
  };
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Content
        closeLabel={t('common.close')}
        className="w-[min(30rem,calc(100vw-2rem))]"
        data-testid="add-destination-dialog"
      >
        <Dialog.Header>
          <Dialog.Title>{t('liveActions.addTitle')}</Dialog.Title>
          <Dialog.Description>{t('liveActions.addBody')}</Dialog.Description>
        </Dialog.Header>
        <form className="space-y-3 px-6 pb-2" onSubmit={submit} id="add-destination-form">
          <Field label={t('liveActions.kind')} name="kind">
            {({ id }) => (
              <Select.Root
                value={draft.kind}
                onValueChange={(kind) =>
                  setDraft({ ...newDestination(kind as DestinationKind, nameFor(kind as DestinationKind)), key: draft.key })
                }
              >
                <Select.Trigger id={id} data-testid="add-kind" />
                <Select.Content>
                  {DestinationKind.options.map((kind) => (
                    <Select.Item key={kind} value={kind} disabled={kind === 'hls-local' && hasHls}>
                      {t(`destination.kind.${kind}`)}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            )}
          </Field>
          <Field label={t('dialog.destinations.name')} name="name">
            {({ id }) => (
              <Input id={id} required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
            )}
          </Field>
          {draft.kind === 'custom-rtmp' && (
            <Field label={t('dialog.destinations.url')} name="url">
              {({ id }) => (
                <Input
                  id={id}
                  className="font-mono"
                  placeholder="rtmp://live.example.com/app"
                  value={draft.url}
                  onChange={(e) => setDraft({ ...draft, url: e.target.value })}
                  data-testid="add-url"
                />
              )}
            </Field>
          )}
          {draft.kind === 'public-output' && (
            <OutputPicker name="outputId" value={draft.outputId} onChange={(outputId) => setDraft({ ...draft, outputId })} />
          )}
          {isPushKind(draft.kind) && (
            <Field label={t('dialog.destinations.streamKey')} name="streamKey">
              {({ id }) => (
                <Input
                  id={id}
                  type="password"
                  autoComplete="off"
                  spellCheck={false}
                  className="font-mono"
                  value={draft.streamKey}
                  onChange={(e) => setDraft({ ...draft, streamKey: cleanStreamKey(e.target.value) })}
                  data-testid="add-key"
                />
              )}
            </Field>
          )}
          {error && (
            <Alert.Root tone="danger">
              <Alert.Description>{error}</Alert.Description>
            </Alert.Root>
          )}
        </form>
        <Dialog.Footer>
          <Dialog.Close asChild>
            <Button variant="ghost">{t('common.cancel')}</Button>
          </Dialog.Close>
          <Button type="submit" form="add-destination-form" variant="primary" disabled={busy} data-testid="add-destination-save">
            <Plus aria-hidden />
            {t('liveActions.add')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}
