import { isRpcError } from '@shared/contract/errors';
import type { Channel, ChannelView } from '@shared/contract/iptv';

/** Searches start at this many characters; shorter text browses (a 1–2 letter search is a scan). */
export const SEARCH_MIN_CHARS = 3;
export const PAGE_SIZE = 200;

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

export type LoadPage = (query: ChannelQuery, cursor: string | null, limit: number) => Promise<ChannelPage>;

export interface ChannelListSnapshot {
  readonly rows: readonly Channel[];
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
 * One list of channels (a view, a category, a search) loaded page by page as the list scrolls:
 * `want(index)` asks for every page up to that row, one request at a time, in order (cursors are
 * keyset, so a page far down costs what the first does). A catalog refreshed under the list
 * (CONFLICT on a cursor) starts it again from the top. Observable for `useSyncExternalStore`.
 */
export class ChannelPages {
  #rows: Channel[] = [];
  #total: number | null = null;
  #cursor: string | null = null;
  #started = false;
  #loading = false;
  #wanted = 1;
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

  /** Make sure rows up to `index` are (being) loaded. */
  want(index: number): void {
    this.#wanted = Math.max(this.#wanted, index + 1);
    void this.#pump();
  }

  /** Change one row in place (a favourite toggled), without reloading. */
  update(channelId: string, patch: Partial<Channel>): void {
    const at = this.#rows.findIndex((c) => c.id === channelId);
    if (at === -1) return;
    const rows = [...this.#rows];
    rows[at] = { ...(rows[at] as Channel), ...patch };
    this.#rows = rows;
    this.#changed();
  }

  close(): void {
    this.#closed = true;
    this.#listeners.clear();
  }

  async #pump(): Promise<void> {
    if (this.#loading || this.#closed || this.#status === 'error') return;
    if (this.#started && (this.#cursor === null || this.#rows.length >= this.#wanted)) return;
    this.#loading = true;
    const cursor = this.#started ? this.#cursor : null;
    try {
      const page = await this.load(this.query, cursor, PAGE_SIZE);
      if (this.#closed) return;
      this.#rows = cursor === null ? [...page.items] : [...this.#rows, ...page.items];
      if (cursor === null) this.#total = page.total;
      this.#cursor = page.nextCursor;
      this.#started = true;
      this.#status = 'ready';
    } catch (error) {
      if (this.#closed) return;
      if (isRpcError(error) && error.code === 'CONFLICT' && cursor !== null) {
        // The catalog was refreshed: its positions changed, read it again from the top.
        this.#rows = [];
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
    const hasMore = !this.#started || this.#cursor !== null;
    const loaded = this.#rows.length;
    return {
      rows: this.#rows,
      count: this.#total ?? loaded + (hasMore && this.#started ? 1 : 0),
      hasMore,
      status: this.#status,
      error: this.#error,
    };
  }
}
