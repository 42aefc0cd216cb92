import type { DatabaseSync } from 'node:sqlite';
import { ftsTokenizer as tokenizer, type SearchMode } from '../../storage/fts-search';

/**
 * Each provider's catalog and EPG live in tables of their own, one set per generation
 * (`iptv_cat_<seq>_<generation>_*`, `iptv_epg_<seq>_<generation>_*`). A refresh fills a new
 * generation beside the one in use, the provider row is switched to it in one transaction, and
 * the old tables are dropped: dropping is instant where deleting 100,000 rows from an FTS index
 * takes seconds, and nothing ever reads a half-built catalog.
 *
 * Names are built from two integers only, so they are safe to splice into SQL.
 */
export interface CatalogTables {
  readonly channels: string;
  readonly categories: string;
  readonly fts: string;
}

export interface EpgTables {
  readonly programmes: string;
  readonly fts: string;
}

function checked(seq: number, generation: number): string {
  if (!Number.isSafeInteger(seq) || seq <= 0 || !Number.isSafeInteger(generation) || generation <= 0) {
    throw new Error(`Invalid catalog table id ${seq}/${generation}.`);
  }
  return `${seq}_${generation}`;
}

export function catalogTables(seq: number, generation: number): CatalogTables {
  const base = `iptv_cat_${checked(seq, generation)}`;
  return { channels: `${base}_channels`, categories: `${base}_categories`, fts: `${base}_fts` };
}

export function epgTables(seq: number, generation: number): EpgTables {
  const base = `iptv_epg_${checked(seq, generation)}`;
  return { programmes: `${base}_programmes`, fts: `${base}_fts` };
}

export { searchMode, type SearchMode } from '../../storage/fts-search';

/**
 * Tables of a new catalog generation, without their secondary indexes (built once it is loaded).
 * Only what queries filter on has a column; what is only shown or played (number, logo, tvg-id,
 * format, catch-up, the stream template) is one JSON `info` value: fewer values to bind per row
 * is what makes 100,000 rows fast. FTS tables are contentless (`content=''`, `columnsize=0`):
 * they only answer which rows match.
 */
export function createCatalogTables(db: DatabaseSync, t: CatalogTables, mode: SearchMode): void {
  db.exec(`
    CREATE TABLE ${t.channels} (
      id INTEGER PRIMARY KEY,
      channel_key TEXT NOT NULL,
      name TEXT NOT NULL,
      category_key TEXT,
      epg_key TEXT,
      info TEXT NOT NULL
    ) STRICT;
    CREATE TABLE ${t.categories} (
      id INTEGER PRIMARY KEY,
      category_key TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      search_name TEXT NOT NULL,
      channel_count INTEGER NOT NULL
    ) STRICT;
    CREATE VIRTUAL TABLE ${t.fts} USING fts5(name, tokenize='${tokenizer(mode)}', content='', columnsize=0);
  `);
}

/** The secondary indexes of a catalog generation, built once its rows are in. */
export function catalogIndexes(t: CatalogTables): string[] {
  return [
    `CREATE UNIQUE INDEX ${t.channels}_key ON ${t.channels} (channel_key)`,
    `CREATE INDEX ${t.channels}_category ON ${t.channels} (category_key)`,
    `CREATE INDEX ${t.channels}_epg ON ${t.channels} (epg_key) WHERE epg_key IS NOT NULL`,
  ];
}

export function createEpgTables(db: DatabaseSync, t: EpgTables, mode: SearchMode): void {
  db.exec(`
    CREATE TABLE ${t.programmes} (
      id INTEGER PRIMARY KEY,
      channel_key TEXT NOT NULL,
      start_ms INTEGER NOT NULL,
      stop_ms INTEGER NOT NULL,
      title TEXT NOT NULL,
      subtitle TEXT,
      description TEXT,
      category TEXT
    ) STRICT;
    CREATE VIRTUAL TABLE ${t.fts} USING fts5(title, tokenize='${tokenizer(mode)}', content='', columnsize=0);
  `);
}

export function indexEpgTables(db: DatabaseSync, t: EpgTables): void {
  db.exec(`CREATE INDEX ${t.programmes}_channel ON ${t.programmes} (channel_key, stop_ms);`);
}

export function dropCatalogTables(db: DatabaseSync, t: CatalogTables): void {
  db.exec(`DROP TABLE IF EXISTS ${t.fts}; DROP TABLE IF EXISTS ${t.channels}; DROP TABLE IF EXISTS ${t.categories};`);
}

export function dropEpgTables(db: DatabaseSync, t: EpgTables): void {
  db.exec(`DROP TABLE IF EXISTS ${t.fts}; DROP TABLE IF EXISTS ${t.programmes};`);
}

/**
 * Tables left by a refresh the engine did not finish (crash, SIGKILL) or by a deleted provider:
 * every iptv_cat_/iptv_epg_ table whose generation is not in use.
 */
export function strayTables(db: DatabaseSync, inUse: ReadonlySet<string>): string[] {
  const rows = db
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND (name LIKE 'iptv\\_cat\\_%' ESCAPE '\\' OR name LIKE 'iptv\\_epg\\_%' ESCAPE '\\')",
    )
    .all() as { name: string }[];
  const stray = new Set<string>();
  for (const { name } of rows) {
    const match = /^(iptv_(?:cat|epg)_\d+_\d+)_(channels|categories|fts|programmes)$/.exec(name);
    if (match && !inUse.has(match[1] as string)) stray.add(`${match[1]}_${match[2]}`);
  }
  return [...stray];
}

/** `iptv_cat_3_7` for a catalog generation in use (see strayTables). */
export function catalogPrefix(seq: number, generation: number): string {
  return `iptv_cat_${checked(seq, generation)}`;
}

export function epgPrefix(seq: number, generation: number): string {
  return `iptv_epg_${checked(seq, generation)}`;
}
