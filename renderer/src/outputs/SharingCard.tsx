import { SHARING_PORTS, type Sharing } from '@shared/contract/outputs';
import { Wifi } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { Alert } from '../components/ui/alert';
import { Badge } from '../components/ui/badge';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { Field, Input } from '../components/ui/input';
import { Select } from '../components/ui/select';
import { Switch } from '../components/ui/switch';
import { messageOf } from '../lib/message';
import { CopyAddress } from './CopyAddress';

/**
 * Where viewers reach this engine. On the desktop: LAN sharing, off until turned on, on a chosen
 * address and port, with a firewall note. On an agent the host fixed it (`serve --public-listen`): shown only.
 */
export function SharingCard({ sharing }: { sharing: Sharing }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [address, setAddress] = useState(sharing.address ?? sharing.lanAddresses[0] ?? '');
  const [port, setPort] = useState(String(sharing.port));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const apply = (enabled: boolean): void => {
    setBusy(true);
    setError(null);
    const chosenPort = Number(port);
    api.outputs
      .setSharing({
        enabled,
        ...(enabled && address ? { address } : {}),
        ...(enabled ? { port: Number.isFinite(chosenPort) ? chosenPort : SHARING_PORTS.default } : {}),
      })
      .catch((failure: unknown) => setError(messageOf(failure, i18n)))
      .finally(() => setBusy(false));
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    apply(true);
  };
  const byHost = sharing.control === 'host';
  return (
    <Card.Root data-testid="sharing-card">
      <Card.Header>
        <Card.Title className="flex items-center gap-2">
          <Wifi className="size-4" aria-hidden />
          {byHost ? t('outputs.sharing.hostTitle') : t('outputs.sharing.title')}
        </Card.Title>
        <div className="flex items-center gap-3">
          {sharing.enabled && (
            <Badge tone={sharing.listening ? 'success' : 'danger'} data-testid="sharing-state">
              {sharing.listening ? t('outputs.sharing.listening') : t('outputs.sharing.notListening')}
            </Badge>
          )}
          {!byHost && (
            <Switch
              checked={sharing.enabled}
              disabled={busy}
              onCheckedChange={apply}
              aria-label={t('outputs.sharing.toggle')}
              data-testid="sharing-switch"
            />
          )}
        </div>
      </Card.Header>
      <Card.Body className="space-y-3 text-sm">
        <p className="text-muted-foreground">{byHost ? t('outputs.sharing.hostBody') : t('outputs.sharing.body')}</p>
        {!byHost && (
          <form className="flex flex-wrap items-end gap-3" onSubmit={submit}>
            <Field label={t('outputs.sharing.address')} name="sharing.address" className="w-72">
              {({ id }) => (
                <Select.Root value={address} onValueChange={setAddress}>
                  <Select.Trigger id={id} data-testid="sharing-address" />
                  <Select.Content>
                    {sharing.lanAddresses.map((a) => (
                      <Select.Item key={a} value={a}>
                        {a === '127.0.0.1' ? t('outputs.sharing.thisComputer', { address: a }) : a}
                      </Select.Item>
                    ))}
                  </Select.Content>
                </Select.Root>
              )}
            </Field>
            <Field label={t('outputs.sharing.port')} name="sharing.port" className="w-28">
              {({ id }) => (
                <Input
                  id={id}
                  inputMode="numeric"
                  value={port}
                  onChange={(e) => setPort(e.target.value.replace(/\D/g, ''))}
                  data-testid="sharing-port"
                />
              )}
            </Field>
            <Button type="submit" disabled={busy} data-testid="sharing-apply">
              {sharing.enabled ? t('outputs.sharing.move') : t('outputs.sharing.turnOn')}
            </Button>
          </form>
        )}
        {sharing.error && (
          <Alert.Root tone="danger">
            <Alert.Description data-testid="sharing-error">{sharing.error}</Alert.Description>
          </Alert.Root>
        )}
        {error && (
          <Alert.Root tone="danger">
            <Alert.Description>{error}</Alert.Description>
          </Alert.Root>
        )}
        {sharing.url && (
          <div className="space-y-1.5">
            <CopyAddress label={t('outputs.address.server')} url={sharing.url} testId="sharing-url" />
            {sharing.addresses.live && (
              <CopyAddress label={t('outputs.address.live')} url={sharing.addresses.live} testId="sharing-live" />
            )}
            {sharing.addresses.m3u && (
              <CopyAddress label={t('outputs.address.m3u')} url={sharing.addresses.m3u} testId="sharing-m3u" />
            )}
            {sharing.addresses.xmltv && (
              <CopyAddress label={t('outputs.address.xmltv')} url={sharing.addresses.xmltv} testId="sharing-xmltv" />
            )}
          </div>
        )}
        {!byHost && sharing.enabled && (
          <p className="text-xs text-muted-foreground" data-testid="firewall-note">
            {t('outputs.sharing.firewall', { port: sharing.port })}
          </p>
        )}
      </Card.Body>
    </Card.Root>
  );
}
