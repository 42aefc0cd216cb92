import { LINK_EXPIRY, OUTPUT_LIMITS, type LinkAddresses, type Output } from '@shared/contract/outputs';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { Dialog } from '../components/ui/dialog';
import { Field, Input } from '../components/ui/input';
import { Select } from '../components/ui/select';
import { messageOf } from '../lib/message';
import { LinkAddressList } from './LinkAddressList';

/** The expiries offered, in hours, from the contract's shortest to its longest. */
export const EXPIRY_CHOICES = [LINK_EXPIRY.minHours, 6, LINK_EXPIRY.defaultHours, 72, 168, LINK_EXPIRY.maxHours] as const;

/**
 * A link to watch `output`: a label, an expiry (24 h unless chosen), an optional viewer limit.
 * Once made, its addresses (with their token) are shown to copy.
 */
export function LinkDialog({ output, onClose, onCreated }: { output: Output; onClose: () => void; onCreated: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [label, setLabel] = useState('');
  const [hours, setHours] = useState<number>(LINK_EXPIRY.defaultHours);
  const [limit, setLimit] = useState('');
  const [made, setMade] = useState<{ addresses: LinkAddresses | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    api.outputs
      .createLink({ outputId: output.id, label, expiresInHours: hours, maxViewers: limit === '' ? null : Number(limit) })
      .then(
        ({ addresses }) => {
          setMade({ addresses });
          onCreated();
        },
        (failure: unknown) => setError(messageOf(failure, i18n)),
      )
      .finally(() => setBusy(false));
  };
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Content closeLabel={t('common.close')} className="w-[min(34rem,calc(100vw-2rem))]" data-testid="link-dialog">
        <Dialog.Header>
          <Dialog.Title>{t('outputs.link.createTitle', { title: output.title })}</Dialog.Title>
          <Dialog.Description>{t('outputs.link.body')}</Dialog.Description>
        </Dialog.Header>
        {made ? (
          <div className="space-y-3 px-6 py-4" data-testid="link-made">
            {made.addresses ? (
              <LinkAddressList addresses={made.addresses} />
            ) : (
              <p className="text-sm text-muted-foreground">{t('outputs.link.noAddressWhileOff')}</p>
            )}
          </div>
        ) : (
          <form className="space-y-3 px-6 py-4" onSubmit={submit} id="link-form">
            <Field label={t('outputs.link.label')} name="label" hint={t('outputs.link.labelHint')}>
              {({ id, describedBy }) => (
                <Input
                  id={id}
                  aria-describedby={describedBy}
                  maxLength={OUTPUT_LIMITS.labelMax}
                  value={label}
                  onChange={(e) => setLabel(e.target.value)}
                  data-testid="link-label"
                />
              )}
            </Field>
            <div className="grid grid-cols-2 gap-3">
              <Field label={t('outputs.link.expiry')} name="expiresInHours">
                {({ id }) => (
                  <Select.Root value={String(hours)} onValueChange={(v) => setHours(Number(v))}>
                    <Select.Trigger id={id} data-testid="link-expiry" />
                    <Select.Content>
                      {EXPIRY_CHOICES.map((h) => (
                        <Select.Item key={h} value={String(h)}>
                          {h < 24 ? t('outputs.link.hours', { count: h }) : t('outputs.link.days', { count: h / 24 })}
                        </Select.Item>
                      ))}
                    </Select.Content>
                  </Select.Root>
                )}
              </Field>
              <Field label={t('outputs.link.limit')} name="maxViewers" hint={t('outputs.link.limitHint')}>
                {({ id, describedBy }) => (
                  <Input
                    id={id}
                    aria-describedby={describedBy}
                    inputMode="numeric"
                    value={limit}
                    onChange={(e) => setLimit(e.target.value.replace(/\D/g, ''))}
                    data-testid="link-limit"
                  />
                )}
              </Field>
            </div>
            {error && (
              <Alert.Root tone="danger">
                <Alert.Description data-testid="link-error">{error}</Alert.Description>
              </Alert.Root>
            )}
          </form>
        )}
        <Dialog.Footer>
          <Dialog.Close asChild>
            <Button variant={made ? 'primary' : 'ghost'} data-testid={made ? 'link-done' : undefined}>
              {made ? t('outputs.link.done') : t('common.cancel')}
            </Button>
          </Dialog.Close>
          {!made && (
            <Button type="submit" form="link-form" variant="primary" disabled={busy} data-testid="save-link">
              {t('outputs.link.create')}
            </Button>
          )}
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}
