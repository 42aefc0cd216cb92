import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import {
  DURATION_BOUNDS,
  type ItemNote,
  type ItemStatus,
  type ListFilter,
  type MediaInfo,
  type RenditionId,
  type Verdict,
} from '@shared/contract/library';
import { foldForSearch } from '@shared/format/fold-for-search';
import { searchMode, searchTerms } from '../../storage/fts-search';

/** Which thumbnails exist for an item, and the version their file names carry. */
export interface Thumbs {
  readonly version: string;
  readonly poster: boolean;
  readonly strip: boolean;
}

export interface ItemRecord {
  readonly seq: number;
  readonly id: string;
  readonly ownerId: string;
  readonly name: string;
  readonly path: string;
  readonly storage: 'library' | 'reference';
  readonly sizeBytes: number;
  readonly fileMtimeMs: number;
  readonly fingerprint: string | null;
  readonly addedAt: number;
  readonly status: ItemStatus;
  readonly notes: readonly ItemNote[];
  readonly media: MediaInfo | null;
  readonly verdict: Verdict | null;
  readonly thumbs: Thumbs | null;
  readonly originalId: string | null;
  readonly rendition: RenditionId | null;
}

export type NewItem = Omit<ItemRecord, 'seq'>;

/** What a probe (and the thumbnails after it) sets on an item. */
export interface ProbeOutcomeFields {
  readonly status: ItemStatus;
  readonly notes: readonly ItemNote[];
  readonly media: MediaInfo | null;
  readonly verdict: Verdict | null;
  readonly sizeBytes: number;
  readonly fileMtimeMs: number;
}

interface Row {
  seq: number;
  id: string;
  owner_id: string;
  name: string;
  path: string;
  storage: string;
  size_bytes: number;
  file_mtime_ms: number;
  fingerprint: string | null;
  added_at: number;
  status: string;
  notes: string;
  media: string | null;
  verdict: string | null;
  thumbs: string | null;
  original_id: string | null;
  rendition: string | null;
}

const COLUMNS =
  'seq, id, owner_id, name, path, storage, size_bytes, file_mtime_ms, fingerprint, added_at, status, notes, media, verdict, thumbs, original_id, rendition';

function toRecord(row: Row): ItemRecord {
  return {
    seq: row.seq,
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    path: row.path,
    storage: row.storage === 'reference' ? 'reference' : 'library',
    sizeBytes: row.size_bytes,
    fileMtimeMs: row.file_mtime_ms,
    fingerprint: row.fingerprint,
    addedAt: row.added_at,
    status: row.status as ItemStatus,
    notes: JSON.parse(row.notes) as ItemNote[],
    media: row.media === null ? null : (JSON.parse(row.media) as MediaInfo),
    verdict: row.verdict === null ? null : (JSON.parse(row.verdict) as Verdict),
    thumbs: row.thumbs === null ? null : (JSON.parse(row.thumbs) as Thumbs),
    originalId: row.original_id,
    rendition: row.rendition as RenditionId | null,
  };
}

/** Keyset position of a page: the newest first, ties broken by insertion order. */
export interface ItemCursor {
  readonly addedAt: number;
  readonly seq: number;
}

/** The library's items in SQLite. Filters are columns (codec, duration, verdict) and a folded name. */
export class ItemStore {
  constructor(private readonly db: DatabaseSync) {}

  insert(item: NewItem): ItemRecord {
    this.db
      .prepare(
        `INSERT INTO library_items (id, owner_id, name, search_text, path, storage, size_bytes, file_mtime_ms, fingerprint,
           added_at, status, notes, media, verdict, video_codec, duration_sec, verdict_kind, thumbs, original_id, rendition)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        item.id,
        item.ownerId,
        item.name,
        foldForSearch(item.name),
        item.path,
        item.storage,
        item.sizeBytes,
        Math.round(item.fileMtimeMs),
        item.fingerprint,
        item.addedAt,
        item.status,
        JSON.stringify(item.notes),
        item.media === null ? null : JSON.stringify(item.media),
        item.verdict === null ? null : JSON.stringify(item.verdict),
        codecColumn(item.media),
        item.media?.durationSec ?? null,
        item.verdict?.kind ?? null,
        item.thumbs === null ? null : JSON.stringify(item.thumbs),
        item.originalId,
        item.rendition,
      );
    const stored = this.get(item.id);
    if (!stored) throw new Error(`Item ${item.id} was not stored.`);
    return stored;
  }

  get(id: string): ItemRecord | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM library_items WHERE id = ?`).get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** An item of this owner with the same content fingerprint (size + hash of both ends). */
  findByFingerprint(ownerId: string, fingerprint: string): ItemRecord | undefined {
    const row = this.db
      .prepare(`SELECT ${COLUMNS} FROM library_items WHERE owner_id = ? AND fingerprint = ? ORDER BY seq LIMIT 1`)
      .get(ownerId, fingerprint) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Items whose file is at `path` (one, normally). */
  byPath(path: string): ItemRecord[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM library_items WHERE path = ?`).all(path) as unknown as Row[]).map(toRecord);
  }

  /** Copies made from `originalId` by optimize jobs. */
  childrenOf(originalId: string): ItemRecord[] {
    return (
      this.db
        .prepare(`SELECT ${COLUMNS} FROM library_items WHERE original_id = ? ORDER BY seq`)
        .all(originalId) as unknown as Row[]
    ).map(toRecord);
  }

  /** Items still marked as being probed (an engine stopped mid-probe): probed again at start. */
  probing(): ItemRecord[] {
    return (
      this.db.prepare(`SELECT ${COLUMNS} FROM library_items WHERE status = 'probing' ORDER BY seq`).all() as unknown as Row[]
    ).map(toRecord);
  }

  setProbe(id: string, fields: ProbeOutcomeFields): void {
    this.db
      .prepare(
        `UPDATE library_items SET status = ?, notes = ?, media = ?, verdict = ?, video_codec = ?, duration_sec = ?,
           verdict_kind = ?, size_bytes = ?, file_mtime_ms = ? WHERE id = ?`,
      )
      .run(
        fields.status,
        JSON.stringify(fields.notes),
        fields.media === null ? null : JSON.stringify(fields.media),
        fields.verdict === null ? null : JSON.stringify(fields.verdict),
        codecColumn(fields.media),
        fields.media?.durationSec ?? null,
        fields.verdict?.kind ?? null,
        fields.sizeBytes,
        Math.round(fields.fileMtimeMs),
        id,
      );
  }

  setStatus(id: string, status: ItemStatus, notes?: readonly ItemNote[]): void {
    if (notes)
      this.db.prepare('UPDATE library_items SET status = ?, notes = ? WHERE id = ?').run(status, JSON.stringify(notes), id);
    else this.db.prepare('UPDATE library_items SET status = ? WHERE id = ?').run(status, id);
  }

  setThumbs(id: string, thumbs: Thumbs | null): void {
    this.db.prepare('UPDATE library_items SET thumbs = ? WHERE id = ?').run(thumbs === null ? null : JSON.stringify(thumbs), id);
  }

  setFingerprint(id: string, fingerprint: string): void {
    this.db.prepare('UPDATE library_items SET fingerprint = ? WHERE id = ?').run(fingerprint, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM library_items WHERE id = ?').run(id);
  }

  /** A page, newest first, after `after` (exclusive); `ownerId` undefined: every owner's. */
  page(filter: ListFilter, ownerId: string | undefined, after: ItemCursor | undefined, limit: number): ItemRecord[] {
    const { where, params } = whereOf(filter, ownerId);
    if (after) {
      where.push('(added_at < ? OR (added_at = ? AND seq < ?))');
      params.push(after.addedAt, after.addedAt, after.seq);
    }
    const sql = `SELECT ${COLUMNS} FROM library_items ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY added_at DESC, seq DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, limit) as unknown as Row[]).map(toRecord);
  }

  /**
   * The first page of a search and how many items match, in one statement: the FTS index is read
   * once (a page and a separate count read it twice, and reading it is most of a search's cost).
   */
  searchPage(filter: ListFilter, ownerId: string | undefined, limit: number): { rows: ItemRecord[]; total: number } {
    const { where, params } = whereOf(filter, ownerId);
    const sql = `WITH hits AS MATERIALIZED (SELECT seq, added_at FROM library_items ${where.length ? `WHERE ${where.join(' AND ')}` : ''})
      SELECT (SELECT count(*) FROM hits) AS total, ${COLUMNS} FROM library_items
      WHERE seq IN (SELECT seq FROM hits ORDER BY added_at DESC, seq DESC LIMIT ?) ORDER BY added_at DESC, seq DESC`;
    const rows = this.db.prepare(sql).all(...params, limit) as unknown as (Row & { total: number })[];
    return { rows: rows.map(toRecord), total: rows[0]?.total ?? 0 };
  }

  count(filter: ListFilter, ownerId: string | undefined): number {
    const { where, params } = whereOf(filter, ownerId);
    const sql = `SELECT COUNT(*) AS n FROM library_items ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    return (this.db.prepare(sql).get(...params) as { n: number }).n;
  }
}

/** `none` for a file without video, else its codec: what the codec filter matches. */
function codecColumn(media: MediaInfo | null): string | null {
  if (media === null) return null;
  return media.video?.codec ?? 'none';
}

function whereOf(filter: ListFilter, ownerId: string | undefined): { where: string[]; params: SQLInputValue[] } {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  if (ownerId !== undefined) {
    where.push('owner_id = ?');
    params.push(ownerId);
  }
  if (filter.query) {
    // The index finds names holding the words of 3+ characters; shorter ones are tested on the
    // matching rows' folded name (instr: no LIKE wildcards to escape).
    const terms = searchTerms(filter.query, searchMode());
    if (terms.match !== null) {
      where.push('seq IN (SELECT rowid FROM library_items_fts WHERE library_items_fts MATCH ?)');
      params.push(terms.match);
    }
    for (const word of terms.short) {
      where.push('instr(search_text, ?) > 0');
      params.push(word);
    }
  }
  if (filter.codec !== undefined) {
    where.push('video_codec = ?');
    params.push(filter.codec);
  }
  if (filter.verdict !== undefined) {
    where.push('verdict_kind = ?');
    params.push(filter.verdict);
  }
  if (filter.originalId !== undefined) {
    where.push('original_id = ?');
    params.push(filter.originalId);
  }
  if (filter.duration === 'short') {
    where.push('duration_sec < ?');
    params.push(DURATION_BOUNDS.shortMaxSec);
  } else if (filter.duration === 'medium') {
    where.push('duration_sec >= ? AND duration_sec <= ?');
    params.push(DURATION_BOUNDS.shortMaxSec, DURATION_BOUNDS.mediumMaxSec);
  } else if (filter.duration === 'long') {
    where.push('duration_sec > ?');
    params.push(DURATION_BOUNDS.mediumMaxSec);
  }
  return { where, params };
}
