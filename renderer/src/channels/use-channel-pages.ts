import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useApi, useConnection } from '../app/api-context';
import { ChannelPages, type ChannelListSnapshot, type ChannelQuery } from './channel-pages';

const IDLE: ChannelListSnapshot = { rowAt: () => undefined, loaded: 0, count: 0, hasMore: false, status: 'loading', error: null };
const noop = (): (() => void) => () => undefined;

/**
 * The channels of `query`, loaded page by page as the list shows rows (`pages.show(first, last)`).
 * A new list is made when the query, `reloadKey` (a refreshed catalog, a hidden category) or the
 * connection changes; the old one stops listening. Only the components that show the list
 * subscribe to it (`useChannelList`): a page arriving re-renders the list and its summary, not
 * the whole page around them.
 */
export function useChannelPages(query: ChannelQuery | null, reloadKey: string): ChannelPages | null {
  const api = useApi();
  const { epoch } = useConnection();
  const key = query ? JSON.stringify([query, reloadKey, epoch]) : null;
  const pages = useMemo(
    () => (query && key ? new ChannelPages(query, (q, start, limit) => api.iptv.listChannels({ ...q, ...start, limit })) : null),
    // `key` names everything the list depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );
  useEffect(() => {
    pages?.show(0, 0);
    return () => pages?.close();
  }, [pages]);
  return pages;
}

/** What the list holds now, re-rendering the caller when a page arrives. */
export function useChannelList(pages: ChannelPages | null): ChannelListSnapshot {
  return useSyncExternalStore(pages?.subscribe ?? noop, pages?.snapshot ?? (() => IDLE));
}
