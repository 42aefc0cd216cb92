import type { Provider } from '@shared/contract/iptv';
import { Loader2 } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi } from '../app/api-context';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { Dialog } from '../components/ui/dialog';
import { Field, Input, Textarea } from '../components/ui/input';
import { Tabs } from '../components/ui/tabs';
import { errorAt, submitErrorsOf, type SubmitErrors } from '../lives/field-errors';
import { emptyProviderForm, formOfProvider, providerInputOf, providerPatchOf, type ProviderForm } from './provider-form';

/** Fields of the form, by the contract path their errors come back on. */
const FIELD_PATHS = [
  'name',
  'playlist',
  'serverUrl',
  'username',
  'password',
  'epg',
  'maxConnections',
  'userAgent',
  'refreshIntervalMinutes',
];

/**
 * Add or edit an IPTV provider: an M3U playlist (URL or a file on the engine's machine) or an
 * Xtream Codes panel. The password is sent once and never shown again; the engine keeps it in its
 * secret store and refreshes the catalog when the source or login changes.
 */
export function ProviderDialog({
  provider,
  onClose,
  onSaved,
}: {
  provider: Provider | null;
  onClose: () => void;
  onSaved: (provider: Provider) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [initial] = useState<ProviderForm>(() => (provider ? formOfProvider(provider) : emptyProviderForm()));
  const [form, setForm] = useState<ProviderForm>(initial);
  const [errors, setErrors] = useState<SubmitErrors>({ fields: {}, general: [] });
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<ProviderForm>): void => setForm((f) => ({ ...f, ...patch }));
  const error = (path: string): string | undefined => errorAt(errors.fields, path);
  const unplaced = Object.entries(errors.fields)
    .filter(([key]) => !FIELD_PATHS.some((p) => key === p || key.startsWith(`${p}.`)))
    .map(([key, message]) => `${key}: ${message}`);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSaving(true);
    try {
      const saved = provider
        ? await api.iptv.updateProvider({ providerId: provider.id, patch: providerPatchOf(form, initial) })
        : await api.iptv.addProvider(providerInputOf(form));
      toast.success(t(provider ? 'channels.provider.updated' : 'channels.provider.added', { name: saved.name }));
      onSaved(saved);
      onClose();
    } catch (caught) {
      setErrors(submitErrorsOf(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Content closeLabel={t('common.close')} aria-describedby="provider-dialog-description" data-testid="provider-dialog">
        <form onSubmit={(e) => void submit(e)} className="flex min-h-0 flex-1 flex-col">
          <Dialog.Header>
            <Dialog.Title>{provider ? t('channels.provider.editTitle') : t('channels.provider.addTitle')}</Dialog.Title>
            <Dialog.Description id="provider-dialog-description">{t('channels.provider.dialogHint')}</Dialog.Description>
          </Dialog.Header>
          <Dialog.Body className="space-y-4">
            {(errors.general.length > 0 || unplaced.length > 0) && (
              <Alert.Root tone="danger">
                <Alert.Title>{t('channels.provider.saveFailed')}</Alert.Title>
                {[...errors.general, ...unplaced].map((m) => (
                  <Alert.Description key={m}>{m}</Alert.Description>
                ))}
              </Alert.Root>
            )}
            <Field label={t('channels.provider.name')} name="name" error={error('name')}>
              {({ id, invalid, describedBy }) => (
                <Input
                  id={id}
                  aria-invalid={invalid}
                  aria-describedby={describedBy}
                  value={form.name}
                  onChange={(e) => set({ name: e.target.value })}
                  placeholder={t('channels.provider.namePlaceholder')}
                  autoFocus
                />
              )}
            </Field>
            <Tabs.Root value={form.kind} onValueChange={(kind) => !provider && set({ kind: kind as ProviderForm['kind'] })}>
              <Tabs.List aria-label={t('channels.provider.kind')}>
                <Tabs.Trigger value="xtream" disabled={provider !== null && form.kind !== 'xtream'} data-testid="kind-xtream">
                  {t('channels.provider.xtream')}
                </Tabs.Trigger>
                <Tabs.Trigger value="m3u" disabled={provider !== null && form.kind !== 'm3u'} data-testid="kind-m3u">
                  {t('channels.provider.m3u')}
                </Tabs.Trigger>
              </Tabs.List>
              <Tabs.Content value="xtream" className="grid grid-cols-2 gap-3">
                <Field
                  className="col-span-2"
                  label={t('channels.provider.serverUrl')}
                  name="serverUrl"
                  error={error('serverUrl')}
                >
                  {({ id, invalid, describedBy }) => (
                    <Input
                      id={id}
                      aria-invalid={invalid}
                      aria-describedby={describedBy}
                      className="font-mono"
                      placeholder="http://panel.example.com:8080"
                      value={form.serverUrl}
                      onChange={(e) => set({ serverUrl: e.target.value })}
                    />
                  )}
                </Field>
                <Field label={t('channels.provider.username')} name="username" error={error('username')}>
                  {({ id, invalid, describedBy }) => (
                    <Input
                      id={id}
                      aria-invalid={invalid}
                      aria-describedby={describedBy}
                      autoComplete="off"
                      value={form.username}
                      onChange={(e) => set({ username: e.target.value })}
                    />
                  )}
                </Field>
                <Field
                  label={t('channels.provider.password')}
                  name="password"
                  error={error('password')}
                  hint={provider ? t('channels.provider.passwordKeep') : undefined}
                >
                  {({ id, invalid, describedBy }) => (
                    <Input
                      id={id}
                      type="password"
                      autoComplete="new-password"
                      aria-invalid={invalid}
                      aria-describedby={describedBy}
                      value={form.password}
                      onChange={(e) => set({ password: e.target.value })}
                    />
                  )}
                </Field>
              </Tabs.Content>
              <Tabs.Content value="m3u" className="grid grid-cols-[1fr_9rem] gap-3">
                <Field
                  label={t('channels.provider.playlist')}
                  name="playlist"
                  error={error('playlist')}
                  hint={t('channels.provider.playlistHint')}
                >
                  {({ id, invalid, describedBy }) => (
                    <Input
                      id={id}
                      aria-invalid={invalid}
                      aria-describedby={describedBy}
                      className="font-mono"
                      placeholder="https://example.com/playlist.m3u"
                      value={form.playlist}
                      onChange={(e) => set({ playlist: e.target.value })}
                    />
                  )}
                </Field>
                <Field
                  label={t('channels.provider.maxConnections')}
                  name="maxConnections"
                  error={error('maxConnections')}
                  hint={t('channels.provider.maxConnectionsHint')}
                >
                  {({ id, invalid, describedBy }) => (
                    <Input
                      id={id}
                      inputMode="numeric"
                      aria-invalid={invalid}
                      aria-describedby={describedBy}
                      value={form.maxConnections}
                      onChange={(e) => set({ maxConnections: e.target.value })}
                    />
                  )}
                </Field>
              </Tabs.Content>
            </Tabs.Root>
            <Field label={t('channels.provider.epg')} name="epg" error={error('epg')} hint={t('channels.provider.epgHint')}>
              {({ id, invalid, describedBy }) => (
                <Textarea
                  id={id}
                  rows={2}
                  aria-invalid={invalid}
                  aria-describedby={describedBy}
                  placeholder="https://example.com/guide.xml.gz"
                  value={form.epg}
                  onChange={(e) => set({ epg: e.target.value })}
                />
              )}
            </Field>
            <div className="grid grid-cols-[1fr_9rem] gap-3">
              <Field
                label={t('channels.provider.userAgent')}
                name="userAgent"
                error={error('userAgent')}
                hint={t('channels.provider.userAgentHint')}
              >
                {({ id, invalid, describedBy }) => (
                  <Input
                    id={id}
                    aria-invalid={invalid}
                    aria-describedby={describedBy}
                    className="font-mono"
                    placeholder="VLC/3.0.21 LibVLC/3.0.21"
                    value={form.userAgent}
                    onChange={(e) => set({ userAgent: e.target.value })}
                  />
                )}
              </Field>
              <Field
                label={t('channels.provider.refreshHours')}
                name="refreshIntervalMinutes"
                error={error('refreshIntervalMinutes')}
              >
                {({ id, invalid, describedBy }) => (
                  <Input
                    id={id}
                    inputMode="decimal"
                    aria-invalid={invalid}
                    aria-describedby={describedBy}
                    value={form.refreshHours}
                    onChange={(e) => set({ refreshHours: e.target.value })}
                  />
                )}
              </Field>
            </div>
          </Dialog.Body>
          <Dialog.Footer>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" variant="primary" disabled={saving} data-testid="save-provider">
              {saving && <Loader2 className="animate-spin" aria-hidden />}
              {provider ? t('channels.provider.save') : t('channels.provider.add')}
            </Button>
          </Dialog.Footer>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  );
}
