import { Save } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi } from '../app/api-context';
import { useDraft } from '../app/use-draft';
import { useRpc } from '../app/use-rpc';
import { Button } from '../components/ui/button';
import { Field, Input } from '../components/ui/input';
import { formatMinutes } from '../lib/format';
import { messageOf } from '../lib/message';
import { SettingsSection } from './SettingsSection';

/** How late a scheduled start may still be made after the engine was down (engine-wide: admins). */
export function ScheduleSection({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const read = useRpc('schedule.getSettings', (a) => a.schedule.getSettings());
  const [minutes, setMinutes] = useDraft(read.data, (data) => (data ? String(data.missedStartGraceMinutes) : ''));
  const [error, setError] = useState<string | undefined>(undefined);
  const save = (event: FormEvent): void => {
    event.preventDefault();
    setError(undefined);
    api.schedule
      .updateSettings({ missedStartGraceMinutes: Number(minutes) })
      .then((saved) => {
        setMinutes(String(saved.missedStartGraceMinutes));
        toast.success(t('settings.schedule.saved'));
      })
      .catch((failure: unknown) => setError(messageOf(failure, i18n)));
  };
  const value = Number(minutes);
  return (
    <SettingsSection id="schedule" title={t('settings.schedule.title')} description={t('settings.schedule.description')}>
      <form className="flex flex-wrap items-end gap-3" onSubmit={save}>
        <Field
          label={t('settings.schedule.grace')}
          name="missedStartGraceMinutes"
          error={error}
          hint={Number.isFinite(value) && minutes !== '' ? formatMinutes(value, i18n.language) : undefined}
          className="w-56"
        >
          {({ id, invalid, describedBy }) => (
            <Input
              id={id}
              inputMode="numeric"
              aria-invalid={invalid}
              aria-describedby={describedBy}
              disabled={!canEdit}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value.replace(/[^\d]/g, ''))}
              data-testid="grace-minutes"
            />
          )}
        </Field>
        {canEdit && (
          <Button type="submit" variant="primary" data-testid="grace-save">
            <Save aria-hidden />
            {t('settings.save')}
          </Button>
        )}
      </form>
    </SettingsSection>
  );
}
