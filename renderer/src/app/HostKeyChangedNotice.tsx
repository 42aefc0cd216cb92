import type { SshTargetRecord } from '@shared/contract/host-targets';
import { ShieldAlert } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/ui/button';
import { Dialog } from '../components/ui/dialog';
import { messageOf } from '../lib/message';
import { useApi } from './api-context';

type KeyChanged = SshTargetRecord & { problem: { kind: 'hostKeyChanged'; pinned: string; presented: string } };

export function isKeyChanged(target: SshTargetRecord): target is KeyChanged {
  return target.state === 'failed' && target.problem?.kind === 'hostKeyChanged';
}

/**
 * Under the switcher, for a VPS refused because its host key changed: both fingerprints side by
 * side and an explicit confirmation before the new key is pinned (`targets.acceptHostKey`).
 * Removing and re-adding the VPS is no longer needed, and nothing is accepted by a single click.
 */
export function HostKeyChangedNotice({ target }: { target: KeyChanged }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const accept = (): void => {
    setBusy(true);
    setError(null);
    api.targets.acceptHostKey({ targetId: target.id, presented: target.problem.presented }).then(
      () => {
        setBusy(false);
        setOpen(false);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(messageOf(failure, i18n));
      },
    );
  };
  return (
    <div className="rounded-md border border-danger/40 bg-danger/10 p-2 text-xs" data-testid="host-key-changed">
      <p className="flex items-center gap-1.5 font-medium text-red-700 dark:text-danger">
        <ShieldAlert className="size-3.5 shrink-0" aria-hidden />
        {t('nav.hostKey.notice', { label: target.label })}
      </p>
      <Dialog.Root
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          setChecked(false);
          setError(null);
        }}
      >
        <Dialog.Trigger asChild>
          <Button size="sm" variant="ghost" className="mt-1 h-7 px-2 text-xs" data-testid="host-key-review">
            {t('nav.hostKey.review')}
          </Button>
        </Dialog.Trigger>
        <Dialog.Content closeLabel={t('nav.hostKey.cancel')} data-testid="host-key-dialog">
          <Dialog.Header>
            <Dialog.Title>{t('nav.hostKey.title', { label: target.label })}</Dialog.Title>
            <Dialog.Description>{t('nav.hostKey.explain')}</Dialog.Description>
          </Dialog.Header>
          <Dialog.Body>
            <HostKeyReview problem={target.problem} checked={checked} onChecked={setChecked} error={error} />
          </Dialog.Body>
          <Dialog.Footer>
            <Dialog.Close asChild>
              <Button>{t('nav.hostKey.cancel')}</Button>
            </Dialog.Close>
            <Button variant="danger" disabled={!canAccept(checked, busy)} onClick={accept} data-testid="host-key-accept">
              {t('nav.hostKey.accept')}
            </Button>
          </Dialog.Footer>
        </Dialog.Content>
      </Dialog.Root>
    </div>
  );
}

/** The two fingerprints side by side and the confirmation the accept button waits for. */
export function HostKeyReview({
  problem,
  checked,
  onChecked,
  error,
}: {
  problem: { pinned: string; presented: string };
  checked: boolean;
  onChecked: (checked: boolean) => void;
  error: string | null;
}) {
  const { t } = useTranslation();
  return (
    <>
      <dl className="space-y-2 text-sm">
        <div>
          <dt className="text-muted-foreground">{t('nav.hostKey.pinned')}</dt>
          <dd className="font-mono text-xs break-all" data-testid="host-key-pinned">
            {problem.pinned}
          </dd>
        </div>
        <div>
          <dt className="text-muted-foreground">{t('nav.hostKey.presented')}</dt>
          <dd className="font-mono text-xs break-all" data-testid="host-key-presented">
            {problem.presented}
          </dd>
        </div>
      </dl>
      <label className="mt-4 flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5"
          checked={checked}
          onChange={(event) => onChecked(event.target.checked)}
          data-testid="host-key-confirm"
        />
        {t('nav.hostKey.confirm')}
      </label>
      {error !== null && <p className="mt-2 text-sm text-danger">{error}</p>}
    </>
  );
}

/** The accept button is enabled only once the user ticked the confirmation, and not while it runs. */
export const canAccept = (checked: boolean, busy: boolean): boolean => checked && !busy;
