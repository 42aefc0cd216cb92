import type { Live } from '@shared/contract/lives';
import { isActive } from '@shared/lives/state-machine';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Clapperboard, Plus, Radio, Search, Square } from 'lucide-react';
import { lazy, Suspense, useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi } from '../app/api-context';
import { useLives } from '../app/lives-context';
import { navigate } from '../app/route';
import { useMinuteClock } from '../app/use-clock';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { Dialog } from '../components/ui/dialog';
import { Input } from '../components/ui/input';
import { Select } from '../components/ui/select';
import type { LiveDialogMode } from '../lives/dialog/LiveDialog';
import { browserTimeZone, demoDraft, emptyDraft } from '../lives/live-draft';
import { ALL_LIVES, queryLives, SORTS, STATE_FILTERS, type LivesQuery } from '../lives/lives-filter';
import { LiveRow } from '../lives/LiveRow';
import { countOnAir } from '../lives/on-air';
import { useSession } from '../team/session-context';
import { useUsers } from '../team/users-store';

// The dialog (and its Radix lists and tabs) loads on first use: the list does not need it.
const LiveDialog = lazy(() => import('../lives/dialog/LiveDialog'));

/**
 * Every live of this engine, kept current by events: searched, filtered and sorted in memory,
 * drawn a screenful at a time (thousands of lives stay fast); running ones can be stopped together.
 */
export function LivesPage() {
  const { t } = useTranslation();
  const status = useLives((s) => s.status);
  const error = useLives((s) => s.error);
  const byId = useLives((s) => s.lives);
  const { status: session, shared } = useSession();
  const { users } = useUsers(shared && session.isAdmin);
  const [query, setQuery] = useState<LivesQuery>(ALL_LIVES);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<LiveDialogMode | null>(null);
  const [demo, setDemo] = useState(false);
  const now = useMinuteClock();
  const all = useMemo(() => Object.values(byId), [byId]);
  const lives = useMemo(() => queryLives(all, query), [all, query]);
  const onAir = countOnAir(byId);
  const running = selected.size === 0 ? [] : all.filter((l) => selected.has(l.id) && isActive(l.state));
  const filtered = query.text !== '' || query.state !== 'all' || query.owner !== 'all';

  const openCreate = (): void => {
    setDemo(false);
    setDialog({ kind: 'create', initial: emptyDraft(browserTimeZone(), t('destination.defaultName.hls-local')) });
  };
  const openDemo = (): void => {
    setDemo(true);
    setDialog({
      kind: 'create',
      initial: demoDraft(browserTimeZone(), t('lives.demoTitle'), t('destination.defaultName.hls-local')),
    });
  };
  // Stable, so the memoised rows are not redrawn for a new function on each render.
  const toggle = useCallback(
    (liveId: string): void =>
      setSelected((current) => {
        const next = new Set(current);
        if (next.has(liveId)) next.delete(liveId);
        else next.add(liveId);
        return next;
      }),
    [],
  );
  const shownRunning = lives.filter((l) => isActive(l.state));
  const allShownSelected = shownRunning.length > 0 && shownRunning.every((l) => selected.has(l.id));

  return (
    <div className="mx-auto flex h-full w-full max-w-5xl flex-col gap-4 p-8">
      <header className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t('lives.title')}</h1>
          <p className="mt-1 text-sm text-muted-foreground" data-testid="lives-summary">
            {status === 'ready' && all.length > 0
              ? filtered
                ? t('livesList.shown', { count: lives.length, total: all.length })
                : t('lives.summary', { count: all.length, onAir })
              : t('lives.subtitle')}
          </p>
        </div>
        {all.length > 0 && (
          <Button variant="primary" onClick={openCreate} data-testid="new-live">
            <Plus aria-hidden />
            {t('lives.new')}
          </Button>
        )}
      </header>

      {status === 'loading' && all.length === 0 && <p className="text-sm text-muted-foreground">{t('lives.loading')}</p>}
      {status === 'error' && (
        <Alert.Root tone="danger">
          <Alert.Title>{t('lives.loadFailed')}</Alert.Title>
          <Alert.Description>{error}</Alert.Description>
        </Alert.Root>
      )}
      {status === 'ready' && all.length === 0 && <EmptyLives onDemo={openDemo} onCreate={openCreate} />}
      {all.length > 0 && (
        <>
          <Toolbar query={query} onChange={setQuery} owners={shared && session.isAdmin ? (users ?? []) : null} />
          <div className="flex min-h-9 items-center gap-3 text-sm">
            <label className="inline-flex items-center gap-2 text-muted-foreground">
              <input
                type="checkbox"
                className="size-4 accent-primary"
                checked={allShownSelected}
                disabled={shownRunning.length === 0}
                onChange={() => setSelected(allShownSelected ? new Set() : new Set(shownRunning.map((l) => l.id)))}
                data-testid="select-all"
              />
              {t('livesList.selectRunning', { count: shownRunning.length })}
            </label>
            {running.length > 0 && <BulkStop lives={running} onDone={() => setSelected(new Set())} />}
          </div>
          <Card.Root className="min-h-0 flex-1 overflow-hidden">
            {lives.length === 0 ? (
              <p className="px-5 py-6 text-sm text-muted-foreground" data-testid="no-match">
                {t('livesList.noMatch')}
              </p>
            ) : (
              <VirtualLives lives={lives} now={now} selected={selected} toggle={toggle} />
            )}
          </Card.Root>
        </>
      )}

      {dialog && (
        <Suspense fallback={null}>
          <LiveDialog
            mode={dialog}
            onClose={() => setDialog(null)}
            // The demo opens on its own page, where Start and the preview are.
            onSaved={demo ? (live: Live) => navigate({ page: 'live', liveId: live.id }) : undefined}
          />
        </Suspense>
      )}
    </div>
  );
}

/** A screenful of rows at a time, whatever the number of lives; rows measure their own height. */
function VirtualLives({
  lives,
  now,
  selected,
  toggle,
}: {
  lives: readonly Live[];
  now: number;
  selected: ReadonlySet<string>;
  toggle: (liveId: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  // TanStack Virtual hands back a mutable instance; this component re-renders on its own updates.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({
    count: lives.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 84,
    // A few rows beyond the screen keep scrolling smooth; each one more is drawn on every keystroke.
    overscan: 3,
    getItemKey: (index) => lives[index]?.id ?? index,
  });
  return (
    <div ref={scroller} className="h-full max-h-[calc(100vh-15rem)] min-h-64 overflow-y-auto" data-testid="lives-scroller">
      <ul className="relative" style={{ height: virtual.getTotalSize() }} data-testid="lives-list" data-count={lives.length}>
        {virtual.getVirtualItems().map((item) => {
          const live = lives[item.index];
          if (!live) return null;
          return (
            <li
              key={item.key}
              ref={virtual.measureElement}
              data-index={item.index}
              className="absolute inset-x-0 top-0 border-b border-border last:border-b-0"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <LiveRow
                live={live}
                now={now}
                selected={isActive(live.state) ? selected.has(live.id) : undefined}
                onToggle={toggle}
              />
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Toolbar({
  query,
  onChange,
  owners,
}: {
  query: LivesQuery;
  onChange: (query: LivesQuery) => void;
  owners: readonly { id: string; email: string }[] | null;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<LivesQuery>): void => onChange({ ...query, ...patch });
  return (
    <div className="flex flex-wrap items-center gap-2" role="search" data-testid="lives-toolbar">
      <div className="relative min-w-56 flex-1">
        <Search
          className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground"
          aria-hidden
        />
        <Input
          type="search"
          className="pl-9"
          placeholder={t('livesList.search')}
          aria-label={t('livesList.search')}
          value={query.text}
          onChange={(e) => set({ text: e.target.value })}
          data-testid="lives-search"
        />
      </div>
      <Select.Root value={query.state} onValueChange={(state) => set({ state: state as LivesQuery['state'] })}>
        <Select.Trigger className="w-40" aria-label={t('livesList.state')} data-testid="filter-state" />
        <Select.Content>
          {STATE_FILTERS.map((f) => (
            <Select.Item key={f} value={f} data-testid={`filter-state-${f}`}>
              {t(`livesList.stateFilter.${f}`)}
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
      {owners && (
        <Select.Root value={query.owner} onValueChange={(owner) => set({ owner })}>
          <Select.Trigger className="w-48" aria-label={t('livesList.owner')} data-testid="filter-owner" />
          <Select.Content>
            <Select.Item value="all">{t('livesList.everyOwner')}</Select.Item>
            {owners.map((o) => (
              <Select.Item key={o.id} value={o.id}>
                {o.email}
              </Select.Item>
            ))}
          </Select.Content>
        </Select.Root>
      )}
      <Select.Root value={query.sort} onValueChange={(sort) => set({ sort: sort as LivesQuery['sort'] })}>
        <Select.Trigger className="w-40" aria-label={t('livesList.sort')} data-testid="sort" />
        <Select.Content>
          {SORTS.map((s) => (
            <Select.Item key={s} value={s}>
              {t(`livesList.sortBy.${s}`)}
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
    </div>
  );
}

/** Stop several running lives at once, after one confirmation naming how many. */
function BulkStop({ lives, onDone }: { lives: readonly Live[]; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const stopAll = (): void => {
    setBusy(true);
    void Promise.allSettled(lives.map((live) => api.lives.stop({ liveId: live.id }))).then((results) => {
      const failed = results.filter((r) => r.status === 'rejected').length;
      if (failed === 0) toast.success(t('livesList.stopped', { count: lives.length }));
      else toast.error(t('livesList.stopFailed', { count: failed }));
      setBusy(false);
      setOpen(false);
      onDone();
    });
  };
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button size="sm" variant="danger" data-testid="bulk-stop">
          <Square aria-hidden className="fill-current" />
          {t('livesList.stopSelected', { count: lives.length })}
        </Button>
      </Dialog.Trigger>
      <Dialog.Content closeLabel={t('common.close')} className="w-[min(28rem,calc(100vw-2rem))]">
        <Dialog.Header>
          <Dialog.Title>{t('livesList.stopTitle', { count: lives.length })}</Dialog.Title>
          <Dialog.Description>{lives.map((l) => l.title).join(', ')}</Dialog.Description>
        </Dialog.Header>
        <Dialog.Footer>
          <Dialog.Close asChild>
            <Button variant="ghost">{t('common.cancel')}</Button>
          </Dialog.Close>
          <Button variant="danger" onClick={stopAll} disabled={busy} data-testid="confirm-bulk-stop">
            <Square aria-hidden className="fill-current" />
            {t('livesList.stopSelected', { count: lives.length })}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}

function EmptyLives({ onDemo, onCreate }: { onDemo: () => void; onCreate: () => void }) {
  const { t } = useTranslation();
  return (
    <Card.Root className="flex flex-col items-center gap-4 px-8 py-14 text-center" data-testid="lives-empty">
      <div className="flex size-14 items-center justify-center rounded-2xl bg-primary/10 text-primary">
        <Radio className="size-7" aria-hidden />
      </div>
      <div className="space-y-1">
        <h2 className="text-lg font-semibold">{t('lives.emptyTitle')}</h2>
        <p className="max-w-md text-sm text-muted-foreground">{t('lives.emptyBody')}</p>
      </div>
      <div className="flex gap-2">
        <Button variant="primary" onClick={onDemo} data-testid="create-demo">
          <Clapperboard aria-hidden />
          {t('lives.createDemo')}
        </Button>
        <Button onClick={onCreate} data-testid="new-live">
          <Plus aria-hidden />
          {t('lives.new')}
        </Button>
      </div>
    </Card.Root>
  );
}

export default LivesPage;
