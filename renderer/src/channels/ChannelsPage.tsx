import type { Category, Channel, ChannelView, Programme, Provider } from '@shared/contract/iptv';
import { IPTV_LIMITS } from '@shared/contract/iptv';
import { Search, Tv } from 'lucide-react';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useStore } from 'zustand';
import { useApi, useConnection } from '../app/api-context';
import { toastError } from '../app/notify';
import { useMinuteClock } from '../app/use-clock';
import { useRpc } from '../app/use-rpc';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { Input } from '../components/ui/input';
import { browserTimeZone } from '../lives/live-draft';
import { CategoryList } from './CategoryList';
import { effectiveQuery, SEARCH_MIN_CHARS } from './channel-pages';
import { ChannelList } from './ChannelList';
import { ChannelPanel } from './ChannelPanel';
import { ListError, ListSummary } from './ListState';
import { DeleteProviderDialog } from './DeleteProviderDialog';
import { ProviderDialog } from './ProviderDialog';
import { ProviderList } from './ProviderList';
import { ProviderStatus } from './ProviderStatus';
import { connectProvidersStore, createProvidersStore, sortedProviders, upsertProvider } from './providers-store';
import { sendToDraft } from './send-to';
import { useChannelPages } from './use-channel-pages';
import { useDebounced } from './use-debounced';

const LiveDialog = lazy(() => import('../lives/dialog/LiveDialog'));

type ProviderDialogState = { kind: 'add' } | { kind: 'edit'; provider: Provider } | { kind: 'delete'; provider: Provider };

/**
 * The channel browser: providers and their status, categories, favourites and recently watched,
 * search as you type over 100,000 channels (from three letters), a virtualised list with logos
 * and what is on now, and the selected channel's preview, guide and "Send to…".
 */
export function ChannelsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { epoch } = useConnection();
  const nowMs = useMinuteClock();
  const [store] = useState(createProvidersStore);
  useEffect(() => connectProvidersStore(api, store), [api, store, epoch]);
  const status = useStore(store, (s) => s.status);
  const loadError = useStore(store, (s) => s.error);
  const byId = useStore(store, (s) => s.providers);
  const providers = useMemo(() => sortedProviders(byId), [byId]);

  const [chosenId, setChosenId] = useState<string | null>(null);
  const provider = (chosenId ? byId[chosenId] : undefined) ?? providers[0] ?? null;
  const [view, setView] = useState<ChannelView>('all');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const query = useDebounced(effectiveQuery(typed), 200);
  const [hiddenVersion, setHiddenVersion] = useState(0);
  const [selected, setSelected] = useState<Channel | null>(null);
  const [providerDialog, setProviderDialog] = useState<ProviderDialogState | null>(null);
  const [sendTo, setSendTo] = useState<{ channel: Channel; programme?: Programme | undefined } | null>(null);

  // A new catalog (refresh done) or a category hidden: lists are read again.
  const catalogKey = [
    provider?.status.catalog.refreshedAt,
    provider?.status.catalog.channelCount,
    provider?.status.epg.refreshedAt,
    hiddenVersion,
  ].join(':');
  const ready = provider !== null && provider.status.catalog.channelCount > 0;
  const pages = useChannelPages(ready ? { providerId: provider.id, view, categoryId, query } : null, catalogKey);
  const categories = useRpc(ready ? `categories:${provider.id}:${catalogKey}` : null, async (a) => {
    const all: Category[] = [];
    let cursor: string | null = null;
    do {
      const page = await a.iptv.listCategories({ providerId: provider?.id ?? '', cursor, limit: IPTV_LIMITS.pageMax });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && all.length < 5000);
    return all;
  });
  const logoBase = useRpc('iptv.logoBase', (a) => a.iptv.logoBase()).data?.url ?? null;

  const chooseProvider = (next: Provider): void => {
    setChosenId(next.id);
    setCategoryId(null);
    setView('all');
    setSelected(null);
  };

  const toggleFavourite = useCallback(
    (channel: Channel): void => {
      const favourite = !channel.favourite;
      pages?.update(channel.id, { favourite });
      setSelected((s) => (s?.id === channel.id ? { ...s, favourite } : s));
      api.iptv.setFavourite({ providerId: channel.providerId, channelId: channel.id, favourite }).catch((error: unknown) => {
        pages?.update(channel.id, { favourite: !favourite });
        toastError(error);
      });
    },
    [api, pages],
  );

  const hideCategory = (category: Category, hidden: boolean): void => {
    if (!provider) return;
    api.iptv
      .setCategoryHidden({ providerId: provider.id, categoryId: category.id, hidden })
      .then(() => setHiddenVersion((v) => v + 1))
      .catch((error: unknown) => toastError(error));
  };

  const refresh = (target: Provider): void => {
    api.iptv
      .refreshProvider({ providerId: target.id })
      .then((updated) => {
        upsertProvider(store, updated);
        toast.info(t('channels.providers.refreshStarted', { name: target.name }));
      })
      .catch((error: unknown) => toastError(error));
  };

  if (status === 'ready' && providers.length === 0) {
    return (
      <div className="mx-auto max-w-3xl p-8">
        <EmptyProviders onAdd={() => setProviderDialog({ kind: 'add' })} />
        {providerDialog?.kind === 'add' && (
          <ProviderDialog provider={null} onClose={() => setProviderDialog(null)} onSaved={(p) => upsertProvider(store, p)} />
        )}
      </div>
    );
  }

  const shortQuery = typed.trim().length > 0 && typed.trim().length < SEARCH_MIN_CHARS;
  return (
    <div className="flex min-h-0 flex-1 overflow-hidden" data-testid="channels-page">
      <aside className="flex w-64 shrink-0 flex-col gap-4 border-r border-border p-4">
        {status === 'error' && (
          <Alert.Root tone="danger">
            <Alert.Title>{t('channels.providers.loadFailed')}</Alert.Title>
            <Alert.Description>{loadError}</Alert.Description>
          </Alert.Root>
        )}
        <ProviderList
          providers={providers}
          selectedId={provider?.id ?? null}
          nowMs={nowMs}
          onSelect={chooseProvider}
          onAdd={() => setProviderDialog({ kind: 'add' })}
          onEdit={(p) => setProviderDialog({ kind: 'edit', provider: p })}
          onRefresh={refresh}
          onDelete={(p) => setProviderDialog({ kind: 'delete', provider: p })}
        />
        {ready && (
          <CategoryList
            categories={categories.data ?? []}
            view={view}
            categoryId={categoryId}
            onView={setView}
            onCategory={setCategoryId}
            onHide={hideCategory}
          />
        )}
      </aside>

      <section className="flex min-w-0 flex-1 flex-col" aria-label={t('channels.list.label')}>
        <div className="space-y-1 border-b border-border p-4">
          <div className="relative">
            <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-muted-foreground" aria-hidden />
            <Input
              type="search"
              className="pl-9"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              placeholder={t('channels.search.placeholder')}
              aria-label={t('channels.search.label')}
              maxLength={IPTV_LIMITS.queryMax}
              disabled={!ready}
              data-testid="channel-search"
            />
          </div>
          <ListSummary pages={pages} hasProvider={provider !== null} query={query} shortQuery={shortQuery} />
        </div>
        <ListError pages={pages} />
        {provider && !ready && <CatalogNotReady provider={provider} nowMs={nowMs} />}
        {ready && (
          <ChannelList
            pages={pages}
            logoBase={logoBase}
            selectedId={selected?.id ?? null}
            nowMs={nowMs}
            onSelect={setSelected}
            onFavourite={toggleFavourite}
          />
        )}
      </section>

      <aside className="w-96 shrink-0 overflow-y-auto border-l border-border p-4" aria-label={t('channels.panel.label')}>
        {selected ? (
          <ChannelPanel
            channel={selected}
            logoBase={logoBase}
            nowMs={nowMs}
            onFavourite={toggleFavourite}
            onSendTo={(channel, programme) => setSendTo({ channel, programme })}
          />
        ) : provider ? (
          <>
            <h2 className="mb-3 truncate text-lg font-semibold">{provider.name}</h2>
            <ProviderStatus provider={provider} nowMs={nowMs} />
          </>
        ) : null}
      </aside>

      {providerDialog?.kind === 'add' && (
        <ProviderDialog
          provider={null}
          onClose={() => setProviderDialog(null)}
          onSaved={(p) => {
            upsertProvider(store, p);
            chooseProvider(p);
          }}
        />
      )}
      {providerDialog?.kind === 'edit' && (
        <ProviderDialog
          provider={providerDialog.provider}
          onClose={() => setProviderDialog(null)}
          onSaved={(p) => upsertProvider(store, p)}
        />
      )}
      {providerDialog?.kind === 'delete' && (
        <DeleteProviderDialog provider={providerDialog.provider} onClose={() => setProviderDialog(null)} />
      )}
      {sendTo && (
        <Suspense fallback={null}>
          <LiveDialog
            mode={{
              kind: 'create',
              initial: sendToDraft(sendTo.channel, {
                timeZone: browserTimeZone(),
                previewName: t('destination.defaultName.hls-local'),
                programme: sendTo.programme,
              }),
            }}
            onClose={() => setSendTo(null)}
          />
        </Suspense>
      )}
    </div>
  );
}

function EmptyProviders({ onAdd }: { onAdd: () => void }) {
  const { t } = useTranslation();
  return (
    <Card.Root className="flex flex-col items-center gap-4 px-8 py-14 text-center" data-testid="providers-empty">
      <div className="flex size-14 items-center justify-center rounded-2xl bg-primary/10 text-primary">
        <Tv className="size-7" aria-hidden />
      </div>
      <div className="space-y-1">
        <h1 className="text-lg font-semibold">{t('channels.providers.emptyTitle')}</h1>
        <p className="max-w-md text-sm text-muted-foreground">{t('channels.providers.emptyBody')}</p>
      </div>
      <Button variant="primary" onClick={onAdd} data-testid="add-provider">
        {t('channels.providers.add')}
      </Button>
    </Card.Root>
  );
}

function CatalogNotReady({ provider, nowMs }: { provider: Provider; nowMs: number }) {
  const { t } = useTranslation();
  const refreshing = provider.status.catalog.state === 'refreshing';
  return (
    <div className="m-4 space-y-4">
      <p className="text-sm text-muted-foreground">{refreshing ? t('channels.list.firstRefresh') : t('channels.list.empty')}</p>
      <ProviderStatus provider={provider} nowMs={nowMs} />
    </div>
  );
}

export default ChannelsPage;
