import type { OverloadPolicy } from '@shared/contract/lives';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi } from '../app/api-context';
import { useDraft } from '../app/use-draft';
import { useRpc } from '../app/use-rpc';
import { Field } from '../components/ui/input';
import { Select } from '../components/ui/select';
import { messageOf } from '../lib/message';
import { SettingsSection } from './SettingsSection';

/**
 * What starting an encoding live on a saturated machine does: warn and start, or wait in queued
 * (engine-wide: admins). Saved when picked.
 */
export function OverloadSection({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const read = useRpc('lives.getSettings', (a) => a.lives.getSettings({}));
  const [policy, setPolicy] = useDraft(read.data, (data): OverloadPolicy | '' => data?.overloadPolicy ?? '');
  const [error, setError] = useState<string | undefined>(undefined);
  const choose = (next: string): void => {
    if (next !== 'warn' && next !== 'queue') return;
    const before = policy;
    setPolicy(next);
    setError(undefined);
    api.lives
      .updateSettings({ overloadPolicy: next })
      .then((saved) => {
        setPolicy(saved.overloadPolicy);
        toast.success(t('settings.overload.saved'));
      })
      .catch((failure: unknown) => {
        setPolicy(before);
        setError(messageOf(failure, i18n));
      });
  };
  return (
    <SettingsSection id="overload" title={t('settings.overload.title')} description={t('settings.overload.description')}>
      <Field label={t('settings.overload.policy')} name="overloadPolicy" error={error} className="w-80">
        {({ id, invalid, describedBy }) => (
          <Select.Root value={policy === '' ? undefined : policy} onValueChange={choose} disabled={!canEdit || policy === ''}>
            <Select.Trigger id={id} aria-invalid={invalid} aria-describedby={describedBy} data-testid="overload-policy" />
            <Select.Content>
              <Select.Item value="warn" data-testid="overload-warn">
                {t('settings.overload.warn')}
              </Select.Item>
              <Select.Item value="queue" data-testid="overload-queue">
                {t('settings.overload.queue')}
              </Select.Item>
            </Select.Content>
          </Select.Root>
        )}
      </Field>
    </SettingsSection>
  );
}
