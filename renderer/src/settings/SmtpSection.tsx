import type { MailStatus, SmtpSettings } from '@shared/contract/notifications';
import { Eye, EyeOff, Mail, Save, Send } from 'lucide-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi, useConnection } from '../app/api-context';
import { useDraft } from '../app/use-draft';
import { useRpc } from '../app/use-rpc';
import { Alert } from '../components/ui/alert';
import { Badge } from '../components/ui/badge';
import { Button } from '../components/ui/button';
import { Field, Input } from '../components/ui/input';
import { Select } from '../components/ui/select';
import { formatDateTime } from '../lib/format';
import { messageOf } from '../lib/message';
import { SettingsSection } from './SettingsSection';

interface SmtpDraft {
  host: string;
  port: string;
  security: SmtpSettings['security'];
  user: string;
  /** Empty: keep the stored password. */
  password: string;
  from: string;
  notifyTo: string;
}

const EMPTY: SmtpDraft = { host: '', port: '587', security: 'starttls', user: '', password: '', from: '', notifyTo: '' };

function draftOf(smtp: SmtpSettings | null): SmtpDraft {
  if (!smtp) return EMPTY;
  return {
    host: smtp.host,
    port: String(smtp.port),
    security: smtp.security,
    user: smtp.user ?? '',
    password: '',
    from: smtp.from,
    notifyTo: smtp.notifyTo ?? '',
  };
}

/**
 * The relay e-mail notifications go through: saved on the engine, its password in the engine's
 * secret store (never shown again: a mask, with show/hide for what is being typed), a test mail,
 * and how delivery goes (`notifications.status`, followed by its event).
 */
export function SmtpSection({ singleOwner, language }: { singleOwner: boolean; language: 'en' | 'fr' }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const stored = useRpc('notifications.getSmtp', (a) => a.notifications.getSmtp());
  const status = useMailStatus();
  const [draft, setDraft] = useDraft(stored.data, (data) => draftOf(data?.smtp ?? null));
  const [showPassword, setShowPassword] = useState(false);
  const [testTo, setTestTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  // What the engine holds: read once, then each save's answer (the test mail needs a saved relay).
  const [smtp, setSmtp] = useDraft(stored.data, (data) => data?.smtp ?? null);
  const set = (patch: Partial<SmtpDraft>): void => setDraft((d) => ({ ...d, ...patch }));

  const save = (event: FormEvent): void => {
    event.preventDefault();
    setBusy('save');
    setError(null);
    api.notifications
      .setSmtp({
        host: draft.host,
        port: Number(draft.port),
        security: draft.security,
        user: draft.user.trim() === '' ? null : draft.user.trim(),
        from: draft.from,
        notifyTo: draft.notifyTo.trim() === '' ? null : draft.notifyTo.trim(),
        language,
        ...(draft.password === '' ? {} : { password: draft.password }),
      })
      .then((saved) => {
        setSmtp(saved);
        setDraft(draftOf(saved));
        setShowPassword(false);
        toast.success(t('settings.smtp.saved'));
      })
      .catch((failure: unknown) => setError(messageOf(failure, i18n)))
      .finally(() => setBusy(null));
  };
  const sendTest = (): void => {
    setBusy('test');
    setError(null);
    api.notifications
      .sendTestEmail({ to: testTo })
      .then((answer) =>
        toast.success(t('settings.smtp.testSent', { to: answer.accepted.join(', ') }), { description: answer.response }),
      )
      .catch((failure: unknown) => setError(messageOf(failure, i18n)))
      .finally(() => setBusy(null));
  };

  return (
    <SettingsSection
      id="smtp"
      title={t('settings.smtp.title')}
      description={t('settings.smtp.description')}
      action={status && <DeliveryBadge status={status} />}
    >
      <form className="grid grid-cols-2 gap-3" onSubmit={save} data-testid="smtp-form">
        <Field label={t('settings.smtp.host')} name="smtp.host" className="col-span-2 sm:col-span-1">
          {({ id }) => (
            <Input id={id} required value={draft.host} onChange={(e) => set({ host: e.target.value })} data-testid="smtp-host" />
          )}
        </Field>
        <div className="col-span-2 grid grid-cols-[6rem_1fr] gap-3 sm:col-span-1">
          <Field label={t('settings.smtp.port')} name="smtp.port">
            {({ id }) => (
              <Input
                id={id}
                inputMode="numeric"
                required
                value={draft.port}
                onChange={(e) => set({ port: e.target.value.replace(/\D/g, '') })}
                data-testid="smtp-port"
              />
            )}
          </Field>
          <Field label={t('settings.smtp.security')} name="smtp.security">
            {({ id }) => (
              <Select.Root
                value={draft.security}
                onValueChange={(security) => set({ security: security as SmtpDraft['security'] })}
              >
                <Select.Trigger id={id} data-testid="smtp-security" />
                <Select.Content>
                  {(['starttls', 'tls', 'none'] as const).map((s) => (
                    <Select.Item key={s} value={s} data-testid={`smtp-security-${s}`}>
                      {t(`settings.smtp.securityKind.${s}`)}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            )}
          </Field>
        </div>
        <Field label={t('settings.smtp.user')} name="smtp.user">
          {({ id }) => (
            <Input
              id={id}
              autoComplete="off"
              value={draft.user}
              onChange={(e) => set({ user: e.target.value })}
              data-testid="smtp-user"
            />
          )}
        </Field>
        <Field
          label={t('settings.smtp.password')}
          name="smtp.password"
          hint={smtp?.password ? t('settings.smtp.passwordStored') : t('settings.smtp.passwordHint')}
        >
          {({ id, describedBy }) => (
            <div className="relative">
              <Input
                id={id}
                type={showPassword ? 'text' : 'password'}
                autoComplete="new-password"
                spellCheck={false}
                className="pr-10 font-mono"
                aria-describedby={describedBy}
                placeholder={smtp?.password ?? ''}
                value={draft.password}
                onChange={(e) => set({ password: e.target.value })}
                data-testid="smtp-password"
              />
              <button
                type="button"
                className="absolute top-1/2 right-1 -translate-y-1/2 rounded p-1.5 text-muted-foreground hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/60 focus-visible:outline-none"
                onClick={() => setShowPassword((shown) => !shown)}
                aria-label={showPassword ? t('settings.smtp.hidePassword') : t('settings.smtp.showPassword')}
                aria-pressed={showPassword}
                data-testid="smtp-show-password"
              >
                {showPassword ? <EyeOff className="size-4" aria-hidden /> : <Eye className="size-4" aria-hidden />}
              </button>
            </div>
          )}
        </Field>
        <Field label={t('settings.smtp.from')} name="smtp.from" hint={t('settings.smtp.fromHint')}>
          {({ id, describedBy }) => (
            <Input
              id={id}
              required
              aria-describedby={describedBy}
              value={draft.from}
              onChange={(e) => set({ from: e.target.value })}
              data-testid="smtp-from"
            />
          )}
        </Field>
        {singleOwner && (
          <Field label={t('settings.smtp.notifyTo')} name="smtp.notifyTo" hint={t('settings.smtp.notifyToHint')}>
            {({ id, describedBy }) => (
              <Input
                id={id}
                type="email"
                aria-describedby={describedBy}
                value={draft.notifyTo}
                onChange={(e) => set({ notifyTo: e.target.value })}
                data-testid="smtp-notify-to"
              />
            )}
          </Field>
        )}
        <div className="col-span-2 flex justify-end">
          <Button type="submit" variant="primary" disabled={busy !== null} data-testid="smtp-save">
            <Save aria-hidden />
            {t('settings.save')}
          </Button>
        </div>
      </form>
      {error && (
        <Alert.Root tone="danger" data-testid="smtp-error">
          <Alert.Description>{error}</Alert.Description>
        </Alert.Root>
      )}
      <div className="flex flex-wrap items-end gap-3 border-t border-border pt-4">
        <Field label={t('settings.smtp.testTo')} name="smtp.testTo" className="min-w-64 flex-1">
          {({ id }) => (
            <Input id={id} type="email" value={testTo} onChange={(e) => setTestTo(e.target.value)} data-testid="smtp-test-to" />
          )}
        </Field>
        <Button onClick={sendTest} disabled={busy !== null || !smtp || testTo.trim() === ''} data-testid="smtp-test">
          <Send aria-hidden />
          {t('settings.smtp.sendTest')}
        </Button>
      </div>
      {status && <DeliveryDetails status={status} />}
    </SettingsSection>
  );
}

/** `notifications.status` read once, then its event. */
function useMailStatus(): MailStatus | undefined {
  const api = useApi();
  const { epoch } = useConnection();
  const first = useRpc('notifications.status', (a) => a.notifications.status());
  const [pushed, setPushed] = useState<MailStatus | undefined>(undefined);
  useEffect(() => api.on('notifications.status', setPushed), [api, epoch]);
  return pushed ?? first.data;
}

function DeliveryBadge({ status }: { status: MailStatus }) {
  const { t } = useTranslation();
  const tone = status.state === 'retrying' ? 'warning' : status.state === 'disabled' ? 'neutral' : 'success';
  return (
    <Badge tone={tone} data-testid="mail-state" data-state={status.state}>
      <Mail className="size-3" aria-hidden />
      {t(`settings.smtp.state.${status.state}`)}
    </Badge>
  );
}

function DeliveryDetails({ status }: { status: MailStatus }) {
  const { t, i18n } = useTranslation();
  if (!status.configured) return null;
  return (
    <dl className="grid grid-cols-[10rem_1fr] gap-y-1 text-xs" data-testid="mail-status">
      <dt className="text-muted-foreground">{t('settings.smtp.queued')}</dt>
      <dd>{status.queued}</dd>
      <dt className="text-muted-foreground">{t('settings.smtp.lastDelivered')}</dt>
      <dd>{status.lastDeliveredAt ? formatDateTime(status.lastDeliveredAt, i18n.language) : t('settings.smtp.never')}</dd>
      {status.lastError && (
        <>
          <dt className="text-muted-foreground">{t('settings.smtp.lastError')}</dt>
          <dd className="text-danger">{status.lastError}</dd>
        </>
      )}
      {status.nextRetryAt && (
        <>
          <dt className="text-muted-foreground">{t('settings.smtp.nextRetry')}</dt>
          <dd>{formatDateTime(status.nextRetryAt, i18n.language)}</dd>
        </>
      )}
      {status.dropped > 0 && (
        <>
          <dt className="text-muted-foreground">{t('settings.smtp.dropped')}</dt>
          <dd className="text-danger">{status.dropped}</dd>
        </>
      )}
    </dl>
  );
}
