import type { ImportProgress, LibraryItem, ListFilter, OptimizeJob } from '@shared/contract/library';
import { LIBRARY_PAGE } from '@shared/contract/library';
import { useEffect, useState } from 'react';
import { useApi } from '../app/api-context';
import { useRpc } from '../app/use-rpc';

/**
 * The caller's items matching `filter`, read again whenever an item is added, changed or
 * removed (a probe ends, a thumbnail is made, a job adds a rendition): the events only say
 * "something moved", the list is asked for again, at most every 300 ms.
 */
export function useLibraryItems(filter: ListFilter): {
  items: LibraryItem[];
  total: number | null;
  loading: boolean;
  error: unknown;
} {
  const version = useLibraryVersion();
  const key = `${JSON.stringify(filter)}#${version}`;
  const { data, loading, error } = useRpc(key, (api) => api.library.list({ ...filter, limit: LIBRARY_PAGE.maxLimit }), {
    keepPrevious: true,
    debounceMs: filter.query ? 200 : 0,
  });
  return { items: data?.items ?? [], total: data?.total ?? null, loading, error };
}

/** A counter that grows after library events (items and jobs), throttled. */
export function useLibraryVersion(): number {
  const api = useApi();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bump = (): void => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setVersion((v) => v + 1);
      }, 300);
    };
    const offs = [api.on('library.itemUpdated', bump), api.on('library.itemDeleted', bump), api.on('library.jobUpdated', bump)];
    return () => {
      clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [api]);
  return version;
}

/** The imports of this session still running or just finished, by id. */
export function useImportProgress(): ImportProgress[] {
  const api = useApi();
  const [imports, setImports] = useState<Record<string, ImportProgress>>({});
  useEffect(() => api.on('library.importProgress', (p) => setImports((all) => ({ ...all, [p.importId]: p }))), [api]);
  return Object.values(imports);
}

/** An item's optimize jobs, kept current by `library.jobUpdated`. */
export function useItemJobs(itemId: string): OptimizeJob[] {
  const version = useLibraryVersion();
  const { data } = useRpc(`${itemId}#${version}`, (api) => api.library.listJobs({ itemId, limit: 50 }), { keepPrevious: true });
  return data?.items ?? [];
}
