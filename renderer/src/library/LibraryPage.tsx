import { isRpcError } from '@shared/contract/errors';
import type { LibraryItem, ListFilter } from '@shared/contract/library';
import { useVirtualizer } from '@tanstack/react-virtual';
import { FilePlus2, Film, ListVideo, Upload, X } from 'lucide-react';
import { lazy, Suspense, useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi } from '../app/api-context';
import { toastError } from '../app/notify';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { cn } from '../lib/cn';
import { messageOf } from '../lib/message';
import type { LiveDialogMode } from '../lives/dialog/LiveDialog';
import { ImportPanel } from './ImportPanel';
import { ItemCard } from './ItemCard';
import { ItemRow } from './ItemRow';
import { liveDraftFromItems } from './library-draft';
import { LibraryToolbar, type LibraryView } from './LibraryToolbar';
import { uploadFile, type UploadProgress } from './upload';
import { useImportProgress, useLibraryItems } from './use-library';

const LiveDialog = lazy(() => import('../lives/dialog/LiveDialog'));
const VIEW_KEY = 'livemanager.library.view';
const CARD_MIN_WIDTH = 220;
const GAP = 16;
const ROW_HEIGHT = { grid: 236, list: 60 } as const;
/** What the desktop's file picker offers. */
const MEDIA_EXTENSIONS = ['mp4', 'mkv', 'mov', 'm4v', 'webm', 'avi', 'ts', 'flv', 'mp3', 'm4a', 'wav', 'flac'];

/**
 * The engine's media library: a virtualised grid or list (posters, duration, verdict), search and
 * filters, imports by the picker or by dropping files on the page, and items picked for a live.
 */
export function LibraryPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [filter, setFilter] = useState<ListFilter>({});
  const [view, setView] = useState<LibraryView>(() => (localStorage.getItem(VIEW_KEY) === 'list' ? 'list' : 'grid'));
  const { items, total, loading, error } = useLibraryItems(filter);
  const imports = useImportProgress();
  const [uploads, setUploads] = useState<Record<string, UploadProgress>>({});
  const [dragging, setDragging] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<LiveDialogMode | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const chooseView = (next: LibraryView): void => {
    localStorage.setItem(VIEW_KEY, next);
    setView(next);
  };
  const toggle = (id: string): void => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  /** Files from the page go up one after the other (the engine's link is single-use, per file). */
  const upload = async (files: readonly File[]): Promise<void> => {
    for (const file of files) {
      try {
        const { duplicate } = await uploadFile(api, file, (p) => setUploads((u) => ({ ...u, [p.name]: p })));
        if (duplicate) toast.info(t('library.import.duplicate', { name: file.name }));
      } catch (failure) {
        toastError(failure, t('library.import.failed', { name: file.name }));
      } finally {
        setUploads(({ [file.name]: _done, ...rest }) => rest);
      }
    }
  };

  /** The desktop's picker gives paths the engine imports itself; a browser page uploads instead. */
  const pick = async (): Promise<void> => {
    try {
      const { paths } = await api.shell.pickFile({
        title: t('library.import.pickTitle'),
        multiple: true,
        filters: [{ name: t('library.import.mediaFiles'), extensions: MEDIA_EXTENSIONS }],
      });
      if (paths.length > 0) await api.library.import({ paths, mode: 'copy' });
    } catch (failure) {
      if (isRpcError(failure) && failure.code === 'UNAVAILABLE') fileInput.current?.click();
      else toastError(failure);
    }
  };

  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setDragging(false);
    void upload([...event.dataTransfer.files]);
  };

  const chosen = selected.map((id) => items.find((i) => i.id === id)).filter((i): i is LibraryItem => i !== undefined);
  const openLive = (): void =>
    setDialog({ kind: 'create', initial: liveDraftFromItems(chosen, {}, t('destination.defaultName.hls-local')) });

  return (
    <div
      className="relative flex h-full min-h-0 flex-col gap-4 p-8"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
      data-testid="library-page"
    >
      <header className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t('library.title')}</h1>
          <p className="mt-1 text-sm text-muted-foreground" data-testid="library-count">
            {total !== null && total > 0 ? t('library.count', { count: total }) : t('library.subtitle')}
          </p>
        </div>
        <Button variant="primary" onClick={() => void pick()} data-testid="library-import">
          <FilePlus2 aria-hidden />
          {t('library.import.button')}
        </Button>
        <input
          ref={fileInput}
          type="file"
          multiple
          accept={MEDIA_EXTENSIONS.map((e) => `.${e}`).join(',')}
          className="hidden"
          data-testid="library-file-input"
          onChange={(e) => {
            void upload([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
      </header>

      <LibraryToolbar filter={filter} onFilter={setFilter} view={view} onView={chooseView} />
      <ImportPanel uploads={Object.values(uploads)} imports={imports} />
      {chosen.length > 0 && (
        <Card.Root className="flex items-center justify-between gap-3 px-4 py-2.5" data-testid="library-selection">
          <span className="text-sm">{t('library.selected', { count: chosen.length })}</span>
          <div className="flex gap-2">
            <Button size="sm" variant="ghost" onClick={() => setSelected([])}>
              <X aria-hidden />
              {t('library.clearSelection')}
            </Button>
            <Button size="sm" variant="primary" onClick={openLive} data-testid="selection-live">
              <ListVideo aria-hidden />
              {chosen.length === 1 ? t('library.useInLive') : t('library.playlistLive')}
            </Button>
          </div>
        </Card.Root>
      )}
      {error !== undefined && (
        <Alert.Root tone="danger">
          <Alert.Title>{t('library.loadFailed')}</Alert.Title>
          <Alert.Description>{messageOf(error, i18n)}</Alert.Description>
        </Alert.Root>
      )}
      {!loading && items.length === 0 && error === undefined && (
        <EmptyLibrary filtered={Object.values(filter).some((v) => v !== undefined && v !== '')} onPick={() => void pick()} />
      )}
      {items.length > 0 && <ItemsView items={items} view={view} selected={selected} onToggle={toggle} />}

      {dragging && (
        <div className="pointer-events-none absolute inset-4 z-20 flex flex-col items-center justify-center gap-3 rounded-2xl border-2 border-dashed border-primary bg-background/85 text-primary backdrop-blur-sm">
          <Upload className="size-10" aria-hidden />
          <p className="text-lg font-medium">{t('library.import.dropHere')}</p>
        </div>
      )}
      {dialog && (
        <Suspense fallback={null}>
          <LiveDialog mode={dialog} onClose={() => setDialog(null)} onSaved={() => setSelected([])} />
        </Suspense>
      )}
    </div>
  );
}

/** Only the rows on screen are drawn: a library of 20,000 files scrolls like one of 20. */
function ItemsView({
  items,
  view,
  selected,
  onToggle,
}: {
  items: readonly LibraryItem[];
  view: LibraryView;
  selected: readonly string[];
  onToggle: (id: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const width = useWidth(scroller);
  const columns = view === 'grid' ? Math.max(1, Math.floor((width + GAP) / (CARD_MIN_WIDTH + GAP))) : 1;
  const rows = Math.ceil(items.length / columns);
  // TanStack Virtual hands out fresh functions on every scroll: React Compiler leaves this view unmemoized, as it should.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT[view] + (view === 'grid' ? GAP : 0),
    overscan: 4,
  });
  useEffect(() => virtualizer.measure(), [view, columns, virtualizer]);
  return (
    <div
      ref={scroller}
      className={cn('min-h-0 flex-1 overflow-y-auto', view === 'list' && 'rounded-xl border border-border bg-card')}
      data-testid={`library-${view}`}
    >
      <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div
            key={row.key}
            className={cn('absolute inset-x-0', view === 'grid' && 'grid')}
            style={{
              top: row.start,
              height: ROW_HEIGHT[view],
              ...(view === 'grid' ? { gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gap: GAP } : {}),
            }}
          >
            {items
              .slice(row.index * columns, row.index * columns + columns)
              .map((item) =>
                view === 'grid' ? (
                  <ItemCard key={item.id} item={item} selected={selected.includes(item.id)} onToggle={() => onToggle(item.id)} />
                ) : (
                  <ItemRow key={item.id} item={item} selected={selected.includes(item.id)} onToggle={() => onToggle(item.id)} />
                ),
              )}
          </div>
        ))}
      </div>
    </div>
  );
}

function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

function EmptyLibrary({ filtered, onPick }: { filtered: boolean; onPick: () => void }) {
  const { t } = useTranslation();
  if (filtered) return <p className="py-10 text-center text-sm text-muted-foreground">{t('library.noMatch')}</p>;
  return (
    <Card.Root className="flex flex-col items-center gap-4 border-dashed px-8 py-14 text-center" data-testid="library-empty">
      <div className="flex size-14 items-center justify-center rounded-2xl bg-primary/10 text-primary">
        <Film className="size-7" aria-hidden />
      </div>
      <div className="space-y-1">
        <h2 className="text-lg font-semibold">{t('library.emptyTitle')}</h2>
        <p className="max-w-md text-sm text-muted-foreground">{t('library.emptyBody')}</p>
      </div>
      <Button variant="primary" onClick={onPick}>
        <FilePlus2 aria-hidden />
        {t('library.import.button')}
      </Button>
    </Card.Root>
  );
}

export default LibraryPage;
