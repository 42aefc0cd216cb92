import type { DatabaseSync } from 'node:sqlite';

export interface LinkRecord {
  readonly id: string;
  readonly outputId: string;
  readonly label: string;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly maxViewers: number | null;
  readonly revokedAt: number | null;
  readonly views: number;
}

interface LinkRow {
  id: string;
  output_id: string;
  label: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  max_viewers: number | null;
  revoked_at: number | null;
  views: number;
}

/** The output_links table. Only ids and times: a link's token is derived from them and the signing key. */
export class LinkStore {
  /** Asked on every playlist and segment request: prepared once. */
  readonly #get;

  constructor(private readonly db: DatabaseSync) {
    this.#get = db.prepare('SELECT * FROM output_links WHERE id = ?');
  }

  get(id: string): LinkRecord | undefined {
    const row = this.#get.get(id) as LinkRow | undefined;
    return row && toRecord(row);
  }

  listFor(outputId: string): LinkRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM output_links WHERE output_id = ? ORDER BY created_at DESC, id')
      .all(outputId) as unknown as LinkRow[];
    return rows.map(toRecord);
  }

  countFor(outputId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM output_links WHERE output_id = ?').get(outputId) as { n: number }).n;
  }

  insert(l: LinkRecord): void {
    this.db
      .prepare(
        `INSERT INTO output_links (id, output_id, label, created_by, created_at, expires_at, max_viewers, revoked_at, views)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(l.id, l.outputId, l.label, l.createdBy, l.createdAt, l.expiresAt, l.maxViewers, l.revokedAt, l.views);
  }

  revoke(id: string, at: number): void {
    this.db.prepare('UPDATE output_links SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(at, id);
  }

  addView(id: string): void {
    this.db.prepare('UPDATE output_links SET views = views + 1 WHERE id = ?').run(id);
  }

  /** Links long past their expiry are of no use to anyone: forgotten after 30 days. */
  deleteExpiredBefore(at: number): void {
    this.db.prepare('DELETE FROM output_links WHERE expires_at < ? OR revoked_at < ?').run(at, at);
  }
}

function toRecord(row: LinkRow): LinkRecord {
  return {
    id: row.id,
    outputId: row.output_id,
    label: row.label,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    maxViewers: row.max_viewers,
    revokedAt: row.revoked_at,
    views: row.views,
  };
}
