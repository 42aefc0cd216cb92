import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type {
  Destination,
  DestinationKind,
  Encoding,
  EndPolicy,
  Live,
  LiveState,
  LoopPolicy,
  Source,
  StartPolicy,
} from '@shared/contract/lives';

/** A destination as stored: the key is only a reference and its mask; a URL password too (`url` has it masked). */
export interface DestinationRecord {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly kind: DestinationKind;
  readonly url: string | undefined;
  /** The public output a `public-output` destination feeds. */
  readonly outputId?: string | undefined;
  readonly keyRef: string | null;
  readonly keyMasked: string | null;
  readonly urlSecretRef: string | null;
}

export interface LiveRecord {
  readonly id: string;
  readonly ownerId: string;
  readonly title: string;
  /** With the URL password masked; the password is behind `sourceSecretRef`. */
  readonly source: Source;
  readonly sourceSecretRef: string | null;
  readonly encoding: Encoding;
  readonly loop: LoopPolicy;
  readonly start: StartPolicy;
  readonly end: EndPolicy;
  readonly state: LiveState;
  readonly currentRunId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly destinations: readonly DestinationRecord[];
}

interface LiveRow {
  id: string;
  owner_id: string;
  title: string;
  source: string;
  encoding: string;
  loop_policy: string;
  start_policy: string;
  end_policy: string;
  state: string;
  current_run_id: string | null;
  created_at: number;
  updated_at: number;
  source_secret_ref: string | null;
}

interface DestinationRow {
  id: string;
  live_id: string;
  name: string;
  enabled: number;
  kind: string;
  url: string | null;
  key_ref: string | null;
  key_masked: string | null;
  url_secret_ref: string | null;
  output_id: string | null;
}

/** Where a page of lives ends: the sort key of its last live. */
export interface LiveSortKey {
  readonly createdAt: number;
  readonly id: string;
}

export interface LiveFilter {
  readonly ownerId?: string | undefined;
  readonly states?: readonly LiveState[] | undefined;
}

/**
 * The lives and destinations tables. Synchronous, so callers compose several calls inside one
 * `transaction()`; JSON columns were validated by the contract before they got here.
 */
export class LiveStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  get(id: string): LiveRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM lives WHERE id = ?').get(id) as LiveRow | undefined;
    return row ? this.#withDestinations([row])[0] : undefined;
  }

  list(filter: LiveFilter = {}): LiveRecord[] {
    return this.page(filter, { limit: -1 });
  }

  /**
   * Lives newest first (ties by id), from just after `after` (the sort key of the last live
   * already sent): a keyset, so lives created or deleted meanwhile never shift the others.
   * `limit: -1` means all.
   */
  page(filter: LiveFilter, page: { after?: LiveSortKey | undefined; limit: number }): LiveRecord[] {
    const where: string[] = [];
    const params: SQLInputValue[] = [];
    if (filter.ownerId !== undefined) {
      where.push('owner_id = ?');
      params.push(filter.ownerId);
    }
    if (filter.states !== undefined) {
      if (filter.states.length === 0) return [];
      where.push(`state IN (${filter.states.map(() => '?').join(', ')})`);
      params.push(...filter.states);
    }
    if (page.after) {
      where.push('(created_at < ? OR (created_at = ? AND id > ?))');
      params.push(page.after.createdAt, page.after.createdAt, page.after.id);
    }
    const sql = `SELECT * FROM lives ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT ?`;
    return this.#withDestinations(this.#db.prepare(sql).all(...params, page.limit) as unknown as LiveRow[]);
  }

  countByOwner(ownerId: string): number {
    return (this.#db.prepare('SELECT COUNT(*) AS n FROM lives WHERE owner_id = ?').get(ownerId) as { n: number }).n;
  }

  insert(live: LiveRecord): void {
    this.#db
      .prepare(
        `INSERT INTO lives (id, owner_id, title, source, encoding, loop_policy, start_policy, end_policy, state,
           current_run_id, created_at, updated_at, source_secret_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        live.id,
        live.ownerId,
        live.title,
        ...policyColumns(live),
        live.state,
        live.currentRunId,
        live.createdAt,
        live.updatedAt,
        live.sourceSecretRef,
      );
    this.#insertDestinations(live.id, live.destinations);
  }

  /** Replace every field a streamer sets, and the destination list. */
  replace(live: LiveRecord): void {
    this.#db
      .prepare(
        `UPDATE lives SET title = ?, source = ?, encoding = ?, loop_policy = ?, start_policy = ?, end_policy = ?,
           state = ?, updated_at = ?, source_secret_ref = ? WHERE id = ?`,
      )
      .run(live.title, ...policyColumns(live), live.state, live.updatedAt, live.sourceSecretRef, live.id);
    this.#db.prepare('DELETE FROM live_destinations WHERE live_id = ?').run(live.id);
    this.#insertDestinations(live.id, live.destinations);
  }

  setTitle(id: string, title: string, updatedAt: number): void {
    this.#db.prepare('UPDATE lives SET title = ?, updated_at = ? WHERE id = ?').run(title, updatedAt, id);
  }

  setState(id: string, state: LiveState, currentRunId: string | null, updatedAt: number): void {
    this.#db
      .prepare('UPDATE lives SET state = ?, current_run_id = ?, updated_at = ? WHERE id = ?')
      .run(state, currentRunId, updatedAt, id);
  }

  /** Delete a live (its destinations and runs cascade); returns the secret references to discard. */
  delete(id: string): string[] {
    const live = this.get(id);
    this.#db.prepare('DELETE FROM lives WHERE id = ?').run(id);
    return live ? secretRefsOf(live) : [];
  }

  /** Every live's stored source, by id (a start-time check of rows older engines wrote). */
  sources(): { id: string; source: unknown }[] {
    const rows = this.#db.prepare('SELECT id, source FROM lives').all() as { id: string; source: string }[];
    return rows.map((r) => ({ id: r.id, source: JSON.parse(r.source) as unknown }));
  }

  setSource(id: string, source: Source, sourceSecretRef: string | null, updatedAt: number): void {
    this.#db
      .prepare('UPDATE lives SET source = ?, source_secret_ref = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(source), sourceSecretRef, updatedAt, id);
  }

  /** Lives whose source or a destination has a URL: candidates for a credential still in clear. */
  idsWithUrls(): string[] {
    const rows = this.#db
      .prepare(
        `SELECT id FROM lives WHERE source LIKE '%://%'
         UNION SELECT live_id AS id FROM live_destinations WHERE url LIKE '%://%'`,
      )
      .all() as { id: string }[];
    return rows.map((r) => r.id);
  }

  #insertDestinations(liveId: string, destinations: readonly DestinationRecord[]): void {
    const insert = this.#db.prepare(
      `INSERT INTO live_destinations (id, live_id, position, name, enabled, kind, url, key_ref, key_masked, url_secret_ref, output_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    destinations.forEach((d, position) => {
      const { id, name, kind, keyRef, keyMasked, urlSecretRef } = d;
      insert.run(
        id,
        liveId,
        position,
        name,
        d.enabled ? 1 : 0,
        kind,
        d.url ?? null,
        keyRef,
        keyMasked,
        urlSecretRef,
        d.outputId ?? null,
      );
    });
  }

  #withDestinations(rows: readonly LiveRow[]): LiveRecord[] {
    if (rows.length === 0) return [];
    const byLive = new Map<string, DestinationRecord[]>(rows.map((r) => [r.id, []]));
    const ids = rows.map((r) => r.id);
    // Chunked to stay under SQLite's bound-parameter limit on very long lists.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const dests = this.#db
        .prepare(`SELECT * FROM live_destinations WHERE live_id IN (${chunk.map(() => '?').join(', ')}) ORDER BY position`)
        .all(...chunk) as unknown as DestinationRow[];
      for (const d of dests) byLive.get(d.live_id)?.push(toDestination(d));
    }
    return rows.map((row) => toLive(row, byLive.get(row.id) ?? []));
  }
}

function toDestination(row: DestinationRow): DestinationRecord {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled === 1,
    kind: row.kind as DestinationKind,
    url: row.url ?? undefined,
    outputId: row.output_id ?? undefined,
    keyRef: row.key_ref,
    keyMasked: row.key_masked,
    urlSecretRef: row.url_secret_ref,
  };
}

function toLive(row: LiveRow, destinations: DestinationRecord[]): LiveRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    title: row.title,
    source: JSON.parse(row.source) as Source,
    sourceSecretRef: row.source_secret_ref,
    encoding: JSON.parse(row.encoding) as Encoding,
    loop: JSON.parse(row.loop_policy) as LoopPolicy,
    start: JSON.parse(row.start_policy) as StartPolicy,
    end: JSON.parse(row.end_policy) as EndPolicy,
    state: row.state as LiveState,
    currentRunId: row.current_run_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    destinations,
  };
}

/** The contract's view of a live: keys as reference + mask, times as ISO strings. */
export function toLiveView(record: LiveRecord): Live {
  const live: Live = {
    id: record.id,
    title: record.title,
    ownerId: record.ownerId,
    source: record.source,
    destinations: record.destinations.map(toDestinationView),
    encoding: record.encoding,
    loop: record.loop,
    start: record.start,
    end: record.end,
    state: record.state,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
  if (record.currentRunId !== null) live.currentRunId = record.currentRunId;
  return live;
}

function toDestinationView(d: DestinationRecord): Destination {
  const view: Destination = {
    id: d.id,
    name: d.name,
    enabled: d.enabled,
    kind: d.kind,
    streamKey:
      d.keyRef !== null && d.keyMasked !== null
        ? { keyRef: d.keyRef, keyMasked: d.keyMasked, keySet: true }
        : { keyRef: null, keyMasked: null, keySet: false },
  };
  if (d.url !== undefined) view.url = d.url;
  if (d.outputId !== undefined) view.outputId = d.outputId;
  return view;
}

/** Every SecretStore reference a live holds: stream keys and URL passwords. */
export function secretRefsOf(live: LiveRecord): string[] {
  const refs = [live.sourceSecretRef, ...live.destinations.flatMap((d) => [d.keyRef, d.urlSecretRef])];
  return refs.filter((ref): ref is string => ref !== null);
}

/** The JSON columns, in table order: source, encoding, loop_policy, start_policy, end_policy. */
function policyColumns(live: LiveRecord): [string, string, string, string, string] {
  return [
    JSON.stringify(live.source),
    JSON.stringify(live.encoding),
    JSON.stringify(live.loop),
    JSON.stringify(live.start),
    JSON.stringify(live.end),
  ];
}
