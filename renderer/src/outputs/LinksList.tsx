import type { OutputLink } from '@shared/contract/outputs';
import { Ban, Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { toastError } from '../app/notify';
import { Badge } from '../components/ui/badge';
import { Button } from '../components/ui/button';

const STATE_TONE = { active: 'success', expired: 'neutral', revoked: 'danger' } as const;

/** An output's links: label, state, expiry, views so far; copy the watch address again, or revoke at once. */
export function LinksList({ links, onChanged }: { links: readonly OutputLink[]; onChanged: () => void }) {
  const { t } = useTranslation();
  if (links.length === 0) {
    return (
      <p className="text-xs text-muted-foreground" data-testid="links-empty">
        {t('outputs.links.none')}
      </p>
    );
  }
  return (
    <ul className="divide-y divide-border rounded-lg border border-border" aria-label={t('outputs.links.title')}>
      {links.map((link) => (
        <LinkRow key={link.id} link={link} onChanged={onChanged} />
      ))}
    </ul>
  );
}

function LinkRow({ link, onChanged }: { link: OutputLink; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [copied, setCopied] = useState(false);
  const label = link.label || t('outputs.links.unlabelled');
  const expires = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(link.expiresAt),
  );
  const copy = async (): Promise<void> => {
    try {
      const { addresses } = await api.outputs.linkAddresses({ linkId: link.id });
      if (!addresses) throw new Error(t('outputs.link.noAddressWhileOff'));
      await navigator.clipboard.writeText(addresses.watch);
      setCopied(true);
    } catch (failure) {
      toastError(failure, t('outputs.links.copyFailed'));
    }
  };
  const revoke = (): void => {
    api.outputs.revokeLink({ linkId: link.id }).then(onChanged, (failure: unknown) => toastError(failure));
  };
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 text-sm" data-testid="link-row" data-state={link.state}>
      <span className="min-w-0 flex-1 truncate font-medium" data-testid="link-row-label">
        {label}
      </span>
      <Badge tone={STATE_TONE[link.state]} data-testid="link-state">
        {t(`outputs.links.state.${link.state}`)}
      </Badge>
      <span className="text-xs text-muted-foreground">{t('outputs.links.expires', { when: expires })}</span>
      <span className="text-xs tabular-nums text-muted-foreground" data-testid="link-views">
        {link.maxViewers === null
          ? t('outputs.links.views', { count: link.views })
          : t('outputs.links.viewsOf', { count: link.views, max: link.maxViewers })}
      </span>
      {link.state === 'active' && (
        <span className="flex items-center gap-1">
          <Button
            size="icon"
            variant="ghost"
            onClick={() => void copy()}
            aria-label={t('outputs.links.copy', { label })}
            data-testid="copy-link"
          >
            {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
          </Button>
          <Button
            size="icon"
            variant="ghost"
            onClick={revoke}
            aria-label={t('outputs.links.revoke', { label })}
            data-testid="revoke-link"
          >
            <Ban aria-hidden />
          </Button>
        </span>
      )}
    </li>
  );
}
