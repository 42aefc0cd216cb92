import { isRpcError } from '@shared/contract/errors';
import type { Channel, ChannelView } from '@shared/contract/iptv';

/** Searches start at this many characters; shorter text browses (a 1–2 letter search is a scan). */
export const SEARCH_MIN_CHARS = 3;
/** Small pages: a jump waits for one, and each is quick to read, check and render. */
export const PAGE_SIZE = 100;

export interface ChannelQuery {
  readonly providerId: string;
  readonly view: ChannelView;
  readonly categoryId: string | null;
  /** Already trimmed; empty to browse. */
  readonly query: string;
}

export interface ChannelPage {
  readonly items: readonly Channel[];
  readonly nextCursor: string | null;
  readonly total: number | null;
}

/** Where a page starts: after a page's cursor when the one before is loaded, else at a row (offset). */
export interface PageStart {
  readonly cursor: string | null;
  readonly offset: number;
}

export type LoadPage = (query: ChannelQuery, start: PageStart, limit: number) => Promise<ChannelPage>;

export interface ChannelListSnapshot {
  /** The row at `index`, or undefined while its page is not loaded. */
  readonly rowAt: (index: number) => Channel | undefined;
  /** Rows loaded from the top with no gap (a search's results so far). */
  readonly loaded: number;
  /** Rows the list shows: the total when known (browsing), else what is loaded plus one "more" row. */
  readonly count: number;
  readonly hasMore: boolean;
  readonly status: 'loading' | 'ready' | 'error';
  readonly error: unknown;
}

/** What the search box's text asks for: a search from `SEARCH_MIN_CHARS` characters, else browsing. */
export function effectiveQuery(typed: string): string {
  const text = typed.trim();
  return text.length >= SEARCH_MIN_CHARS ? text : '';
}

/**
 * One list of channels (a view, a category, a search) loaded page by page as the list shows
 * rows: `show(first, last)` names the rows in view and the pages holding them are loaded, one
 * request at a time, nearest first. When the list's length is known (browsing) a page far down
 * is asked for at its row (`offset`), so a scrollbar dragged to the end waits for one page, not
 * for every page before it; a page right after a loaded one goes on from its cursor (keyset, as
 * cheap at row 90,000 as at row 0). A search has no length: its pages come in order. A catalog
 * refreshed under the list (CONFLICT on a cursor) starts it again. Observable for
 * `useSyncExternalStore`.
 */
export class ChannelPages {
  readonly #pages = new Map<number, readonly Channel[]>();
  /** The cursor after each loaded page (null: the list ends there). */
  readonly #cursors = new Map<number, string | null>();
  #total: number | null = null;
  #started = false;
  #loading = false;
  #first = 0;
  #last = 0;
  #status: ChannelListSnapshot['status'] = 'loading';
  #error: unknown = null;
  #closed = false;
  #snapshot: ChannelListSnapshot;
  readonly #listeners = new Set<() => void>();

  constructor(
    readonly query: ChannelQuery,
    private readonly load: LoadPage,
  ) {
    this.#snapshot = this.#makeSnapshot();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly snapshot = (): ChannelListSnapshot => this.#snapshot;

  /** The rows `first` to `last` are in view (or about to be): load their pages. */
  show(first: number, last: number): void {
    this.#first = Math.max(0, Math.min(first, last));
    this.#last = Math.max(first, last);
    void this.#pump();
  }

  /** Change one row in place (a favourite toggled), without reloading. */
  update(channelId: string, patch: Partial<Channel>): void {
    for (const [index, rows] of this.#pages) {
      const at = rows.findIndex((c) => c.id === channelId);
      if (at === -1) continue;
      const copy = [...rows];
      copy[at] = { ...(rows[at] as Channel), ...patch };
      this.#pages.set(index, copy);
      this.#changed();
      return;
    }
  }

  close(): void {
    this.#closed = true;
    this.#listeners.clear();
  }

  /** The next page to load: page 0 first, then the pages in view, nearest to the top of the view first. */
  #nextPage(): number | null {
    if (!this.#started) return 0;
    const firstPage = Math.floor(this.#first / PAGE_SIZE);
    const lastPage = Math.floor(this.#last / PAGE_SIZE);
    for (let index = firstPage; index <= lastPage; index++) {
      if (this.#pages.has(index)) continue;
      if (this.#total !== null) return index * PAGE_SIZE < this.#total ? index : null;
      // No length (a search): pages in order, each after the cursor of the one before.
      const before = this.#cursors.get(index - 1);
      return before ? index : null;
    }
    return null;
  }

  async #pump(): Promise<void> {
    if (this.#loading || this.#closed || this.#status === 'error') return;
    const index = this.#nextPage();
    if (index === null) return;
    this.#loading = true;
    const cursor = index === 0 ? null : (this.#cursors.get(index - 1) ?? null);
    const offset = index === 0 || cursor !== null ? 0 : index * PAGE_SIZE;
    try {
      const page = await this.load(this.query, { cursor, offset }, PAGE_SIZE);
      if (this.#closed) return;
      this.#pages.set(index, page.items);
      this.#cursors.set(index, page.nextCursor);
      if (index === 0) {
        this.#total = page.total;
        this.#started = true;
      }
      this.#status = 'ready';
    } catch (error) {
      if (this.#closed) return;
      if (isRpcError(error) && error.code === 'CONFLICT' && cursor !== null) {
        // The catalog was refreshed: its positions changed, read it again from the top.
        this.#pages.clear();
        this.#cursors.clear();
        this.#started = false;
      } else {
        this.#status = 'error';
        this.#error = error;
      }
    } finally {
      this.#loading = false;
    }
    this.#changed();
    void this.#pump();
  }

  #changed(): void {
    this.#snapshot = this.#makeSnapshot();
    for (const listener of this.#listeners) listener();
  }

  #makeSnapshot(): ChannelListSnapshot {
    const pages = this.#pages;
    let loaded = 0;
    let index = 0;
    for (let rows = pages.get(0); rows; rows = pages.get(++index)) loaded += rows.length;
    const lastCursor = index === 0 ? undefined : this.#cursors.get(index - 1);
    const hasMore = !this.#started || (this.#total !== null ? loaded < this.#total : lastCursor !== null);
    return {
      rowAt: (row) => pages.get(Math.floor(row / PAGE_SIZE))?.[row % PAGE_SIZE],
      loaded,
      count: this.#total ?? loaded + (hasMore && this.#started ? 1 : 0),
      hasMore,
      status: this.#status,
      error: this.#error,
    };
  }
}
