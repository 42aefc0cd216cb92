import type { LibraryItem } from '@shared/contract/library';
import { ArrowLeft, CheckCircle2, Loader2, Radio, RefreshCw, Trash2, TriangleAlert } from 'lucide-react';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { toastError } from '../app/notify';
import { hrefOf, navigate } from '../app/route';
import { useRpc } from '../app/use-rpc';
import { Alert } from '../components/ui/alert';
import { Badge } from '../components/ui/badge';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { formatBitrate, formatBytes } from '../lib/format';
import { messageOf } from '../lib/message';
import type { LiveDialogMode } from '../lives/dialog/LiveDialog';
import { Poster } from './ItemCard';
import { durationOf, verdictBadge } from './item-facts';
import { liveDraftFromItems } from './library-draft';
import { OptimizeCard } from './OptimizeCard';
import { TracksCard, type TrackChoice } from './TracksCard';
import { useItemJobs, useLibraryVersion } from './use-library';

const LiveDialog = lazy(() => import('../lives/dialog/LiveDialog'));

/** One item: a player (or its poster and strip), what it holds, the verdict, optimize, and "use in a live". */
export function LibraryItemPage({ itemId }: { itemId: string }) {
  const { t, i18n } = useTranslation();
  const version = useLibraryVersion();
  const { data: item, error } = useRpc(`${itemId}#${version}`, (api) => api.library.get({ itemId }), { keepPrevious: true });
  const { data: copies } = useRpc(`${itemId}#copies#${version}`, (api) => api.library.list({ originalId: itemId, limit: 50 }), {
    keepPrevious: true,
  });
  const jobs = useItemJobs(itemId);
  const [choice, setChoice] = useState<TrackChoice>({ audioLanguage: '', burnInLanguage: '' });
  const [dialog, setDialog] = useState<LiveDialogMode | null>(null);

  if (error !== undefined && !item) {
    return (
      <div className="mx-auto max-w-5xl space-y-4 p-8">
        <BackLink />
        <Alert.Root tone="danger">
          <Alert.Title>{t('library.item.loadFailed')}</Alert.Title>
          <Alert.Description>{messageOf(error, i18n)}</Alert.Description>
        </Alert.Root>
      </div>
    );
  }
  if (!item) return <p className="p-8 text-sm text-muted-foreground">{t('common.loading')}</p>;
  const useInLive = (): void =>
    setDialog({ kind: 'create', initial: liveDraftFromItems([item], choice, t('destination.defaultName.hls-local')) });
  return (
    <div className="mx-auto max-w-6xl space-y-6 p-8" data-testid="library-item-page">
      <BackLink />
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-semibold" title={item.name}>
            {item.name}
          </h1>
          <p className="mt-1 truncate font-mono text-xs text-muted-foreground" title={item.path}>
            {item.path}
          </p>
        </div>
        <ItemActions item={item} onUseInLive={useInLive} />
      </header>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          <Player item={item} />
          <VerdictCard item={item} />
          {item.media && <TracksCard media={item.media} choice={choice} onChoice={setChoice} />}
        </div>
        <div className="space-y-6">
          <FactsCard item={item} />
          <OptimizeCard item={item} jobs={jobs} renditions={copies?.items ?? []} />
        </div>
      </div>
      {dialog && (
        <Suspense fallback={null}>
          <LiveDialog
            mode={dialog}
            onClose={() => setDialog(null)}
            onSaved={(live) => navigate({ page: 'live', liveId: live.id })}
          />
        </Suspense>
      )}
    </div>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <a
      href={hrefOf({ page: 'library' })}
      className="inline-flex items-center gap-1.5 text-sm text-muted-foreground hover:text-foreground"
    >
      <ArrowLeft className="size-4" aria-hidden />
      {t('library.title')}
    </a>
  );
}

function ItemActions({ item, onUseInLive }: { item: LibraryItem; onUseInLive: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const remove = async (): Promise<void> => {
    if (
      !window.confirm(
        item.storage === 'library'
          ? t('library.item.confirmDelete', { name: item.name })
          : t('library.item.confirmForget', { name: item.name }),
      )
    )
      return;
    try {
      await api.library.delete({ itemId: item.id });
      navigate({ page: 'library' });
    } catch (error) {
      toastError(error);
    }
  };
  return (
    <div className="flex gap-2">
      <Button
        variant="ghost"
        size="sm"
        onClick={() => void api.library.refresh({ itemId: item.id }).catch(toastError)}
        data-testid="item-refresh"
      >
        <RefreshCw aria-hidden />
        {t('library.item.refresh')}
      </Button>
      <Button variant="danger" size="sm" onClick={() => void remove()} data-testid="item-delete">
        <Trash2 aria-hidden />
        {t('library.item.delete')}
      </Button>
      <Button variant="primary" size="sm" disabled={item.status !== 'ready'} onClick={onUseInLive} data-testid="item-use-in-live">
        <Radio aria-hidden />
        {t('library.useInLive')}
      </Button>
    </div>
  );
}

/** The file itself when a browser can play it (H.264/AAC MP4), else the poster; the strip under it. */
function Player({ item }: { item: LibraryItem }) {
  const { t } = useTranslation();
  return (
    <Card.Root className="overflow-hidden">
      <div className="aspect-video bg-black">
        {item.previewUrl ? (
          <video
            src={item.previewUrl}
            poster={item.posterUrl ?? undefined}
            controls
            preload="metadata"
            className="size-full"
            data-testid="item-player"
          />
        ) : (
          <Poster item={item} className="object-contain" />
        )}
      </div>
      {item.stripUrl && (
        <img
          src={item.stripUrl}
          alt={t('library.item.strip')}
          className="block w-full border-t border-border"
          data-testid="item-strip"
        />
      )}
    </Card.Root>
  );
}

function VerdictCard({ item }: { item: LibraryItem }) {
  const { t } = useTranslation();
  const badge = verdictBadge(item, t);
  const verdict = item.verdict;
  const Icon = item.status === 'probing' ? Loader2 : badge.tone === 'success' ? CheckCircle2 : TriangleAlert;
  return (
    <Card.Root data-testid="item-verdict-card">
      <Card.Body className="space-y-3 text-sm">
        <div className="flex items-start gap-3">
          <Icon
            className={`mt-0.5 size-5 shrink-0 ${item.status === 'probing' ? 'animate-spin text-muted-foreground' : badge.tone === 'success' ? 'text-success' : badge.tone === 'danger' ? 'text-danger' : 'text-warning'}`}
            aria-hidden
          />
          <div className="space-y-1">
            {/* The headline in the UI's language; the reasons are the engine's own sentences (auto's rules). */}
            <p className="font-medium" data-testid="verdict-summary" title={verdict?.summary}>
              {badge.label}
            </p>
            {verdict && verdict.reasons.length > 0 && (
              <ul className="list-disc space-y-0.5 pl-4 text-muted-foreground">
                {verdict.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )}
          </div>
        </div>
        {verdict && verdict.platforms.length > 0 && (
          <div className="flex flex-wrap gap-1.5">
            {verdict.platforms.map((p) => (
              <Badge key={p.id} tone={p.asIs ? 'success' : 'warning'}>
                {p.label}: {p.asIs ? t('library.verdict.platformAsIs') : t('library.verdict.platformReencode')}
              </Badge>
            ))}
          </div>
        )}
        {item.notes.map((note) => (
          <Alert.Root
            key={note.code}
            tone={note.severity === 'error' ? 'danger' : note.severity === 'warning' ? 'warning' : 'info'}
          >
            <Alert.Description>{note.message}</Alert.Description>
          </Alert.Root>
        ))}
      </Card.Body>
    </Card.Root>
  );
}

function FactsCard({ item }: { item: LibraryItem }) {
  const { t, i18n } = useTranslation();
  const media = item.media;
  const rows: [string, string][] = [
    [t('library.item.container'), media ? (media.containerName ?? media.container) : '—'],
    [t('library.item.duration'), durationOf(item) || '—'],
    [t('library.item.size'), formatBytes(item.sizeBytes, i18n.language)],
    [t('library.item.bitrate'), media?.bitRate ? formatBitrate(media.bitRate / 1000, i18n.language) : '—'],
    [t('library.item.storage'), t(`library.item.storageKind.${item.storage}`)],
  ];
  return (
    <Card.Root data-testid="item-facts">
      <Card.Body>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-muted-foreground">{label}</dt>
              <dd className="truncate text-right font-medium tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
      </Card.Body>
    </Card.Root>
  );
}

export default LibraryItemPage;
