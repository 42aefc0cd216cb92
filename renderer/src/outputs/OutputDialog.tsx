import { OUTPUT_LIMITS, type Output, type OutputAccess } from '@shared/contract/outputs';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { Dialog } from '../components/ui/dialog';
import { Field, Input } from '../components/ui/input';
import { Select } from '../components/ui/select';
import { messageOf } from '../lib/message';
import { slugOf } from './slug';

/**
 * A new output (title, the address name that never changes, who may watch), or an output renamed
 * (its address stays). `output` given: edit it.
 */
export function OutputDialog({ output, onClose }: { output?: Output; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [title, setTitle] = useState(output?.title ?? '');
  const [slug, setSlug] = useState(output?.slug ?? '');
  const [slugTouched, setSlugTouched] = useState(false);
  const [access, setAccess] = useState<OutputAccess>(output?.access ?? 'links');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const call = output
      ? api.outputs.update({ outputId: output.id, patch: { title, access } })
      : api.outputs.create({ title, slug, access });
    call.then(onClose, (failure: unknown) => setError(messageOf(failure, i18n))).finally(() => setBusy(false));
  };
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Content closeLabel={t('common.close')} className="w-[min(30rem,calc(100vw-2rem))]" data-testid="output-dialog">
        <Dialog.Header>
          <Dialog.Title>{output ? t('outputs.dialog.editTitle') : t('outputs.dialog.createTitle')}</Dialog.Title>
          <Dialog.Description>{t('outputs.dialog.body')}</Dialog.Description>
        </Dialog.Header>
        <form className="space-y-3 px-6 py-4" onSubmit={submit} id="output-form">
          <Field label={t('outputs.dialog.title')} name="title">
            {({ id }) => (
              <Input
                id={id}
                required
                maxLength={OUTPUT_LIMITS.titleMax}
                value={title}
                onChange={(e) => {
                  setTitle(e.target.value);
                  if (!output && !slugTouched) setSlug(slugOf(e.target.value));
                }}
                data-testid="output-title"
              />
            )}
          </Field>
          <Field
            label={t('outputs.dialog.slug')}
            name="slug"
            hint={output ? t('outputs.dialog.slugFixed') : t('outputs.dialog.slugHint', { slug: slug || 'salon' })}
          >
            {({ id, describedBy }) => (
              <Input
                id={id}
                required
                disabled={output !== undefined}
                aria-describedby={describedBy}
                className="font-mono"
                maxLength={OUTPUT_LIMITS.slugMax}
                value={slug}
                onChange={(e) => {
                  setSlugTouched(true);
                  setSlug(e.target.value.toLowerCase());
                }}
                data-testid="output-slug"
              />
            )}
          </Field>
          <Field label={t('outputs.dialog.access')} name="access" hint={t(`outputs.access.${access}Hint`)}>
            {({ id }) => (
              <Select.Root value={access} onValueChange={(v) => setAccess(v as OutputAccess)}>
                <Select.Trigger id={id} data-testid="output-access" />
                <Select.Content>
                  <Select.Item value="links">{t('outputs.access.links')}</Select.Item>
                  <Select.Item value="open">{t('outputs.access.open')}</Select.Item>
                </Select.Content>
              </Select.Root>
            )}
          </Field>
          {error && (
            <Alert.Root tone="danger">
              <Alert.Description data-testid="output-error">{error}</Alert.Description>
            </Alert.Root>
          )}
        </form>
        <Dialog.Footer>
          <Dialog.Close asChild>
            <Button variant="ghost">{t('common.cancel')}</Button>
          </Dialog.Close>
          <Button type="submit" form="output-form" variant="primary" disabled={busy} data-testid="save-output">
            {output ? t('outputs.dialog.save') : t('outputs.dialog.create')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}
