import type { Live, LiveFieldsInput } from '@shared/contract/lives';
import { Loader2, Type } from 'lucide-react';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi } from '../../app/api-context';
import { useLivesStore } from '../../app/lives-context';
import { toastError } from '../../app/notify';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';
import { Field, Input } from '../../components/ui/input';
import { errorsStillStanding, submitErrorsOf, unplacedErrors, type FieldErrors } from '../field-errors';
import { liveFieldsFromDraft, type LiveDraft } from '../live-draft';
import { upsertLive } from '../lives-store';
import { cronErrorSentence, dateErrorSentence, oneSentence } from '../schedule-errors';
import { DestinationsSection } from './DestinationsSection';
import { DiscardChangesDialog } from './DiscardChangesDialog';
import { PlaybackSection } from './PlaybackSection';
import { ScheduleSection } from './ScheduleSection';
import { Section } from './Section';
import { SourceSection } from './SourceSection';

/** `titleOnly`: the live runs, and a running live may only be renamed. */
export type LiveDialogMode =
  { kind: 'create'; initial: LiveDraft } | { kind: 'edit'; live: Live; initial: LiveDraft; titleOnly?: boolean };

/** The engine's refusal of a save: per field (judged against what was sent), and for the whole form. */
interface Refusal {
  readonly sent: LiveFieldsInput;
  readonly fields: FieldErrors;
  readonly general: readonly string[];
}

/**
 * Create or edit a live. Mounted only while open, so a typed stream key lives in this
 * component's state and nowhere else: it is sent once and dropped with the dialog. Closing it
 * with changes (Escape, a click outside, Cancel) asks first; nothing typed is lost by accident.
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
  const { t, i18n } = useTranslation();
  const api = useApi();
  const store = useLivesStore();
  const [draft, setDraft] = useState<LiveDraft>(mode.initial);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [saving, setSaving] = useState(false);
  const [askDiscard, setAskDiscard] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const titleOnly = mode.kind === 'edit' && mode.titleOnly === true;
  const dirty = JSON.stringify(draft) !== JSON.stringify(mode.initial);
  const fields = refusal ? errorsStillStanding(refusal.fields, refusal.sent, liveFieldsFromDraft(draft)) : {};
  const general = refusal ? [...refusal.general, ...unplacedErrors(fields)] : [];

  const requestClose = (): void => {
    if (dirty && !saving) setAskDiscard(true);
    else onClose();
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSaving(true);
    const sent = liveFieldsFromDraft(draft);
    try {
      const saved =
        mode.kind === 'create'
          ? await api.lives.create(sent)
          : await api.lives.update({ liveId: mode.live.id, patch: titleOnly ? { title: sent.title } : sent });
      upsertLive(store, saved);
      toast.success(t(mode.kind === 'create' ? 'dialog.created' : 'dialog.updated', { title: saved.title }));
      onSaved?.(saved);
      onClose();
    } catch (error) {
      const found = submitErrorsOf(error, i18n);
      setRefusal({ sent, fields: inWords(found.fields, t), general: found.general.map(oneSentence) });
      if (Object.keys(found.fields).length === 0) toastError(error, t('dialog.saveFailed'));
      else requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    } finally {
      setSaving(false);
    }
  };

  const sectionProps = { draft, setDraft, errors: fields };
  return (
    <Dialog.Root open onOpenChange={(open) => !open && requestClose()}>
      <Dialog.Content closeLabel={t('common.close')} data-testid="live-dialog" data-dirty={dirty || undefined}>
        <form ref={formRef} onSubmit={(e) => void submit(e)} className="flex min-h-0 flex-1 flex-col" noValidate>
          <Dialog.Header>
            <Dialog.Title>{t(mode.kind === 'create' ? 'dialog.createTitle' : 'dialog.editTitle')}</Dialog.Title>
            <Dialog.Description>{t('dialog.description')}</Dialog.Description>
          </Dialog.Header>
          <Dialog.Body>
            {general.length > 0 && (
              <Alert.Root tone="danger" className="mb-4" data-testid="dialog-errors">
                {general.map((message) => (
                  <Alert.Description key={message}>{message}</Alert.Description>
                ))}
              </Alert.Root>
            )}
            <Section title={t('dialog.identity')} icon={<Type aria-hidden />}>
              <Field label={t('dialog.liveTitle')} name="title" error={fields.title}>
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
                <DestinationsSection {...sectionProps} liveId={mode.kind === 'edit' ? mode.live.id : undefined} />
                <PlaybackSection {...sectionProps} />
                <ScheduleSection {...sectionProps} />
              </>
            )}
          </Dialog.Body>
          <Dialog.Footer>
            <Button variant="ghost" onClick={requestClose} data-testid="cancel-live">
              {t('common.cancel')}
            </Button>
            <Button type="submit" variant="primary" disabled={saving} data-testid="save-live">
              {saving && <Loader2 className="animate-spin" aria-hidden />}
              {t(mode.kind === 'create' ? 'dialog.create' : 'dialog.save')}
            </Button>
          </Dialog.Footer>
        </form>
        <DiscardChangesDialog open={askDiscard} onKeepEditing={() => setAskDiscard(false)} onDiscard={onClose} />
      </Dialog.Content>
    </Dialog.Root>
  );
}

/** The schedule fields' refusals said as sentences for people (no "ISO 8601", one full stop). */
function inWords(fields: FieldErrors, t: ReturnType<typeof useTranslation>['t']): FieldErrors {
  return Object.fromEntries(
    Object.entries(fields).map(([key, message]) => [
      key,
      key === 'start.cron'
        ? cronErrorSentence(message, t)
        : key === 'start.at' || key === 'end.at'
          ? dateErrorSentence(message, t)
          : oneSentence(message),
    ]),
  );
}

/** Bring the first field in error into view, focused, so the streamer sees what to fix. */
function focusFirstInvalid(form: HTMLFormElement | null): void {
  const target = form?.querySelector<HTMLElement>('[aria-invalid="true"], [data-field-error]');
  target?.scrollIntoView({ block: 'center' });
  if (target?.getAttribute('aria-invalid') === 'true') target.focus();
}

export default LiveDialog;
