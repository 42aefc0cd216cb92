import type { DatabaseSync } from 'node:sqlite';
import type { OutputAccess } from '@shared/contract/outputs';

export interface OutputRecord {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly group: string;
  readonly logoUrl: string | null;
  readonly access: OutputAccess;
  readonly isDefault: boolean;
  readonly ownerId: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface OutputRow {
  id: string;
  slug: string;
  title: string;
  group_name: string;
  logo_url: string | null;
  access: string;
  is_default: number;
  owner_id: string;
  created_at: number;
  updated_at: number;
}

/** The outputs table. Synchronous: callers compose calls inside one transaction. */
export class OutputStore {
  /** Asked on every playlist and segment request: prepared once. */
  readonly #bySlug;

  constructor(private readonly db: DatabaseSync) {
    this.#bySlug = db.prepare('SELECT * FROM outputs WHERE slug = ?');
  }

  list(): OutputRecord[] {
    return (this.db.prepare('SELECT * FROM outputs ORDER BY created_at, id').all() as unknown as OutputRow[]).map(toRecord);
  }

  get(id: string): OutputRecord | undefined {
    const row = this.db.prepare('SELECT * FROM outputs WHERE id = ?').get(id) as OutputRow | undefined;
    return row && toRecord(row);
  }

  bySlug(slug: string): OutputRecord | undefined {
    const row = this.#bySlug.get(slug) as OutputRow | undefined;
    return row && toRecord(row);
  }

  defaultOutput(): OutputRecord | undefined {
    const row = this.db.prepare('SELECT * FROM outputs WHERE is_default = 1 LIMIT 1').get() as OutputRow | undefined;
    return row && toRecord(row);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM outputs').get() as { n: number }).n;
  }

  insert(o: OutputRecord): void {
    this.db
      .prepare(
        `INSERT INTO outputs (id, slug, title, group_name, logo_url, access, is_default, owner_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(o.id, o.slug, o.title, o.group, o.logoUrl, o.access, o.isDefault ? 1 : 0, o.ownerId, o.createdAt, o.updatedAt);
  }

  update(o: OutputRecord): void {
    this.db
      .prepare('UPDATE outputs SET title = ?, group_name = ?, logo_url = ?, access = ?, updated_at = ? WHERE id = ?')
      .run(o.title, o.group, o.logoUrl, o.access, o.updatedAt, o.id);
  }

  /** Exactly one default while any output exists. */
  setDefault(id: string, at: number): void {
    this.db
      .prepare(
        'UPDATE outputs SET is_default = CASE WHEN id = ? THEN 1 ELSE 0 END, updated_at = ? WHERE is_default = 1 OR id = ?',
      )
      .run(id, at, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM outputs WHERE id = ?').run(id);
  }

  setting(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM output_settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO output_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }
}

function toRecord(row: OutputRow): OutputRecord {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    group: row.group_name,
    logoUrl: row.logo_url,
    access: row.access === 'open' ? 'open' : 'links',
    isDefault: row.is_default === 1,
    ownerId: row.owner_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
