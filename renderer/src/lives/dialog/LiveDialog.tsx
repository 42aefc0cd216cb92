import type { Live } from '@shared/contract/lives';
import { Loader2, Type } from 'lucide-react';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi, useLivesStore } from '../../app/lives-context';
import { toastError } from '../../app/notify';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';
import { Field, Input } from '../../components/ui/input';
import { submitErrorsOf, unplacedErrors, type SubmitErrors } from '../field-errors';
import { liveFieldsFromDraft, type LiveDraft } from '../live-draft';
import { upsertLive } from '../lives-store';
import { DestinationsSection } from './DestinationsSection';
import { PlaybackSection } from './PlaybackSection';
import { ScheduleSection } from './ScheduleSection';
import { Section } from './Section';
import { SourceSection } from './SourceSection';

/** `titleOnly`: the live runs, and a running live may only be renamed. */
export type LiveDialogMode =
  { kind: 'create'; initial: LiveDraft } | { kind: 'edit'; live: Live; initial: LiveDraft; titleOnly?: boolean };

const NO_ERRORS: SubmitErrors = { fields: {}, general: [] };

/**
 * Create or edit a live. Mounted only while open, so a typed stream key lives in this
 * component's state and nowhere else: it is sent once and dropped with the dialog.
 */
export function LiveDialog({
  mode,
  onClose,
  onSaved,
}: {
  mode: LiveDialogMode;
  onClose: () => void;
  onSaved?: (live: Live) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const store = useLivesStore();
  const [draft, setDraft] = useState<LiveDraft>(mode.initial);
  const [errors, setErrors] = useState<SubmitErrors>(NO_ERRORS);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const titleOnly = mode.kind === 'edit' && mode.titleOnly === true;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSaving(true);
    try {
      const fields = liveFieldsFromDraft(draft);
      const saved =
        mode.kind === 'create'
          ? await api.lives.create(fields)
          : await api.lives.update({ liveId: mode.live.id, patch: titleOnly ? { title: fields.title } : fields });
      upsertLive(store, saved);
      toast.success(t(mode.kind === 'create' ? 'dialog.created' : 'dialog.updated', { title: saved.title }));
      onSaved?.(saved);
      onClose();
    } catch (error) {
      const found = submitErrorsOf(error);
      setErrors({ fields: found.fields, general: [...found.general, ...unplacedErrors(found.fields)] });
      if (Object.keys(found.fields).length === 0) toastError(error, t('dialog.saveFailed'));
      else requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    } finally {
      setSaving(false);
    }
  };

  const sectionProps = { draft, setDraft, errors: errors.fields };
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Content closeLabel={t('common.close')} data-testid="live-dialog">
        <form ref={formRef} onSubmit={(e) => void submit(e)} className="flex min-h-0 flex-1 flex-col" noValidate>
          <Dialog.Header>
            <Dialog.Title>{t(mode.kind === 'create' ? 'dialog.createTitle' : 'dialog.editTitle')}</Dialog.Title>
            <Dialog.Description>{t('dialog.description')}</Dialog.Description>
          </Dialog.Header>
          <Dialog.Body>
            {errors.general.length > 0 && (
              <div
                role="alert"
                className="mb-4 rounded-lg border border-danger/40 bg-danger/10 px-4 py-3 text-sm text-danger"
                data-testid="dialog-errors"
              >
                {errors.general.map((message) => (
                  <p key={message}>{message}</p>
                ))}
              </div>
            )}
            <Section title={t('dialog.identity')} icon={<Type aria-hidden />}>
              <Field label={t('dialog.liveTitle')} name="title" error={errors.fields.title}>
                {({ id, invalid, describedBy }) => (
                  <Input
                    id={id}
                    autoFocus
                    aria-invalid={invalid}
                    aria-describedby={describedBy}
                    placeholder={t('dialog.titlePlaceholder')}
                    value={draft.title}
                    onChange={(e) => setDraft((d) => ({ ...d, title: e.target.value }))}
                    data-testid="live-title-input"
                  />
                )}
              </Field>
            </Section>
            {titleOnly ? (
              <p className="rounded-lg bg-muted/60 px-4 py-3 text-sm text-muted-foreground" data-testid="title-only">
                {t('dialog.titleOnly')}
              </p>
            ) : (
              <>
                <SourceSection {...sectionProps} />
                <DestinationsSection {...sectionProps} />
                <PlaybackSection {...sectionProps} />
                <ScheduleSection {...sectionProps} />
              </>
            )}
          </Dialog.Body>
          <Dialog.Footer>
            <Dialog.Close asChild>
              <Button variant="ghost">{t('common.cancel')}</Button>
            </Dialog.Close>
            <Button type="submit" variant="primary" disabled={saving} data-testid="save-live">
              {saving && <Loader2 className="animate-spin" aria-hidden />}
              {t(mode.kind === 'create' ? 'dialog.create' : 'dialog.save')}
            </Button>
          </Dialog.Footer>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  );
}

/** Bring the first field in error into view, focused, so the streamer sees what to fix. */
function focusFirstInvalid(form: HTMLFormElement | null): void {
  const target = form?.querySelector<HTMLElement>('[aria-invalid="true"], [data-field-error]');
  target?.scrollIntoView({ block: 'center' });
  if (target?.getAttribute('aria-invalid') === 'true') target.focus();
}
