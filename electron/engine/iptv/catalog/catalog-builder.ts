import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { transaction } from '../../storage/database';
import { IptvFailure } from '../iptv-failure';
import {
  catalogTables,
  createCatalogTables,
  dropCatalogTables,
  catalogIndexes,
  searchMode,
  type CatalogTables,
} from './catalog-tables';
import { foldForSearch } from './search-text';

/** A channel as the importers hand it over; `stream` holds templates only (no credentials). */
export interface ChannelRow {
  readonly key: string;
  readonly name: string;
  readonly categoryKey: string | null;
  readonly number: number | null;
  readonly logo: string | null;
  readonly tvgId: string | null;
  readonly epgKey: string | null;
  readonly format: 'hls' | 'ts' | 'unknown';
  readonly catchupDays: number | null;
  readonly stream: StreamRef;
}

/** A channel as its table row: `info` is the ChannelInfo JSON (built where the row is made: the M3U worker). */
export interface EncodedChannelRow {
  readonly key: string;
  readonly name: string;
  readonly categoryKey: string | null;
  readonly epgKey: string | null;
  readonly info: string;
}

export function encodeChannelRow(row: ChannelRow): EncodedChannelRow {
  const info: ChannelInfo = { n: row.number, l: row.logo, t: row.tvgId, f: row.format, c: row.catchupDays, s: row.stream };
  return { key: row.key, name: row.name, categoryKey: row.categoryKey, epgKey: row.epgKey, info: JSON.stringify(info) };
}

export interface CategoryRow {
  readonly key: string;
  readonly name: string;
}

/** Rows per transaction: big enough to be fast, small enough to leave the event loop breathing. */
const BATCH = 2500;

/**
 * Rows per FTS fill, once every row is in: FTS5 builds fewer, larger segments (less to merge and
 * write) than with a fill per batch, still with a turn of the event loop between fills.
 */
const FTS_BATCH = 10_000;

/** How a channel plays, templates only: M3U `{u, h?, c?}` (URL, headers, catch-up) or Xtream `{s}` (stream id). */
export type StreamRef =
  { readonly u: string; readonly h?: Readonly<Record<string, string>>; readonly c?: string } | { readonly s: number };

/** The `info` column: what a channel shows and how it plays (see catalog-tables.ts). */
export interface ChannelInfo {
  readonly n: number | null;
  readonly l: string | null;
  readonly t: string | null;
  readonly f: 'hls' | 'ts' | 'unknown';
  readonly c: number | null;
  readonly s: StreamRef;
}

/**
 * Fills one new catalog generation. Rows go in by batches (one transaction each), the event
 * loop gets a turn between batches; the FTS index (by INSERT…SELECT, several times faster than a
 * row at a time) and the other indexes are built once every row is in.
 */
export class CatalogBuilder {
  readonly tables: CatalogTables;
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #fillFts: StatementSync;
  readonly #pending: EncodedChannelRow[] = [];
  readonly #categories = new Map<string, { position: number; name: string; count: number }>();
  #position = 0;

  readonly #signal: AbortSignal | undefined;

  constructor(db: DatabaseSync, seq: number, generation: number, signal?: AbortSignal) {
    this.#db = db;
    this.#signal = signal;
    this.tables = catalogTables(seq, generation);
    dropCatalogTables(db, this.tables);
    createCatalogTables(db, this.tables, searchMode());
    this.#insert = db.prepare(
      `INSERT INTO ${this.tables.channels} (id, channel_key, name, category_key, epg_key, info) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#fillFts = db.prepare(
      `INSERT INTO ${this.tables.fts} (rowid, name) SELECT id, name FROM ${this.tables.channels} WHERE id > ? AND id <= ?`,
    );
  }

  get channelCount(): number {
    return this.#position + this.#pending.length;
  }

  /** Categories are listed in the order they are first declared or met. */
  declareCategory(category: CategoryRow): void {
    if (!this.#categories.has(category.key)) {
      this.#categories.set(category.key, { position: this.#categories.size + 1, name: category.name, count: 0 });
    }
  }

  /**
   * Queue a row; every BATCH rows they are written and this answers a promise that resolves on
   * the event loop's next turn (await it), otherwise null (no await: 100k awaits cost ~1 s).
   */
  add(row: ChannelRow): Promise<void> | null {
    return this.addEncoded(encodeChannelRow(row));
  }

  /** `add` for a row already encoded. */
  addEncoded(row: EncodedChannelRow): Promise<void> | null {
    this.#pending.push(row);
    if (this.#pending.length < BATCH) return null;
    if (this.#signal?.aborted) throw new IptvFailure('internal', 'The refresh was cancelled.');
    this.#flush();
    return new Promise((resolve) => setImmediate(resolve));
  }

  /**
   * Write what is left, the categories with their counts, the FTS index and the indexes, one
   * statement at a time with a turn of the event loop between them (each sorts 100,000 rows).
   */
  async finish(): Promise<{ channels: number; categories: number }> {
    this.#flush();
    const insert = this.#db.prepare(
      `INSERT INTO ${this.tables.categories} (id, category_key, name, search_name, channel_count) VALUES (?, ?, ?, ?, ?)`,
    );
    transaction(this.#db, () => {
      for (const [key, category] of this.#categories) {
        insert.run(category.position, key, category.name, foldForSearch(category.name), category.count);
      }
    });
    for (let from = 0; from < this.#position; from += FTS_BATCH) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.#signal?.aborted) throw new IptvFailure('internal', 'The refresh was cancelled.');
      transaction(this.#db, () => this.#fillFts.run(from, from + FTS_BATCH));
    }
    for (const statement of catalogIndexes(this.tables)) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.#signal?.aborted) throw new IptvFailure('internal', 'The refresh was cancelled.');
      this.#db.exec(statement);
    }
    return { channels: this.#position, categories: this.#categories.size };
  }

  /** Throw the unfinished generation away (a failed refresh). */
  discard(): void {
    dropCatalogTables(this.#db, this.tables);
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    transaction(this.#db, () => {
      for (const row of this.#pending) {
        this.#position++;
        if (row.categoryKey !== null) {
          const category = this.#categories.get(row.categoryKey);
          if (category) category.count++;
        }
        this.#insert.run(this.#position, row.key, row.name, row.categoryKey, row.epgKey, row.info);
      }
    });
    this.#pending.length = 0;
  }
}
