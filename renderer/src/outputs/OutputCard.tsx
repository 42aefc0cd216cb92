import type { Output } from '@shared/contract/outputs';
import { Link2, Pencil, Star, Trash2, Users } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { toastError } from '../app/notify';
import { Badge } from '../components/ui/badge';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { CopyAddress } from './CopyAddress';
import { LinkDialog } from './LinkDialog';
import { LinksList } from './LinksList';
import { useLinks } from './use-outputs';

/** One output: what feeds it now, who watches, its fixed addresses, and its links. */
export function OutputCard({ output, onEdit, onDelete }: { output: Output; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { links, reload } = useLinks(output.id);
  const [linkDialog, setLinkDialog] = useState(false);
  const live = output.feed.state === 'live';
  const makeDefault = (): void => {
    api.outputs.setDefault({ outputId: output.id }).catch((failure: unknown) => toastError(failure));
  };
  return (
    <Card.Root data-testid="output-card" data-slug={output.slug}>
      <Card.Header className="flex-wrap">
        <div className="min-w-0 space-y-1">
          <Card.Title className="flex items-center gap-2">
            <span className="truncate" data-testid="output-card-title">
              {output.title}
            </span>
            {output.isDefault && <Badge>{t('outputs.card.default')}</Badge>}
          </Card.Title>
          <p className="font-mono text-xs text-muted-foreground">/watch/{output.slug}</p>
        </div>
        <div className="flex items-center gap-1">
          {!output.isDefault && (
            <Button size="sm" variant="ghost" onClick={makeDefault} data-testid="make-default">
              <Star aria-hidden />
              {t('outputs.card.makeDefault')}
            </Button>
          )}
          <Button size="icon" variant="ghost" onClick={onEdit} aria-label={t('outputs.card.edit', { title: output.title })}>
            <Pencil aria-hidden />
          </Button>
          <Button
            size="icon"
            variant="ghost"
            onClick={onDelete}
            aria-label={t('outputs.card.delete', { title: output.title })}
            data-testid="delete-output"
          >
            <Trash2 aria-hidden />
          </Button>
        </div>
      </Card.Header>
      <Card.Body className="space-y-4">
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <Badge tone={live ? 'success' : 'warning'} data-testid="output-feed" data-feed={output.feed.state}>
            {live ? t('outputs.card.live') : t('outputs.card.slate')}
          </Badge>
          <span className="min-w-0 truncate" data-testid="output-fed-by">
            {live && output.feed.liveTitle
              ? t('outputs.card.fedBy', { title: output.feed.liveTitle })
              : t('outputs.card.nothing')}
          </span>
          <span className="ml-auto flex items-center gap-1 text-xs text-muted-foreground" data-testid="output-viewers">
            <Users className="size-3.5" aria-hidden />
            {t('outputs.card.viewers', { count: output.viewers })}
          </span>
          <Badge>{t(`outputs.access.${output.access}`)}</Badge>
        </div>
        {output.addresses.watch && output.addresses.playlist ? (
          <div className="space-y-1.5">
            <CopyAddress label={t('outputs.address.watch')} url={output.addresses.watch} testId="output-watch" />
            <CopyAddress label={t('outputs.address.playlist')} url={output.addresses.playlist} testId="output-playlist" />
            {output.access === 'links' && <p className="text-xs text-muted-foreground">{t('outputs.card.needsLink')}</p>}
          </div>
        ) : (
          <p className="text-xs text-muted-foreground" data-testid="output-no-address">
            {t('outputs.card.addressesWhenShared')}
          </p>
        )}
        <section className="space-y-2" aria-label={t('outputs.links.titleOf', { title: output.title })}>
          <div className="flex items-center justify-between">
            <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{t('outputs.links.title')}</h3>
            <Button size="sm" onClick={() => setLinkDialog(true)} data-testid="new-link">
              <Link2 aria-hidden />
              {t('outputs.links.new')}
            </Button>
          </div>
          <LinksList links={links} onChanged={reload} />
        </section>
      </Card.Body>
      {linkDialog && <LinkDialog output={output} onClose={() => setLinkDialog(false)} onCreated={reload} />}
    </Card.Root>
  );
}
