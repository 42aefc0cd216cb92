import type { DatabaseSync } from 'node:sqlite';
import type { AccountStatus, ImportWarnings, IptvProblem } from '@shared/contract/iptv';

/** What the database keeps of a provider's settings: nothing secret (see ProviderLogin). */
export interface ProviderSettings {
  /** The playlist URL with its credentials masked, its file path, or the Xtream server. */
  readonly source: string;
  /** EPG sources set by hand, masked. */
  readonly epg: readonly string[];
  readonly username: string | null;
  /** M3U: the limit set by hand (Xtream: the panel's, in `account`). */
  readonly maxConnections: number | null;
  readonly userAgent: string | null;
  readonly refreshIntervalMinutes: number;
  /** A file source: only admins may set one on a shared engine. */
  readonly usesFiles: boolean;
  /** Added by a non-admin on a shared agent: its fetches may not reach private addresses. */
  readonly restrictedNetwork?: boolean;
}

export interface StoredStatus {
  readonly catalog: {
    readonly channelCount: number;
    readonly categoryCount: number;
    readonly refreshedAt: number | null;
    readonly lastAttemptAt: number | null;
    readonly lastError: IptvProblem | null;
    readonly warnings: ImportWarnings;
  };
  readonly epg: {
    readonly programmeCount: number;
    readonly refreshedAt: number | null;
    readonly lastError: IptvProblem | null;
  };
}

export const EMPTY_STATUS: StoredStatus = Object.freeze({
  catalog: {
    channelCount: 0,
    categoryCount: 0,
    refreshedAt: null,
    lastAttemptAt: null,
    lastError: null,
    warnings: { count: 0, examples: [] },
  },
  epg: { programmeCount: 0, refreshedAt: null, lastError: null },
});

export interface ProviderRecord {
  /** Numeric id naming the provider's catalog tables. */
  readonly seq: number;
  readonly id: string;
  readonly ownerId: string;
  readonly name: string;
  readonly kind: 'm3u' | 'xtream';
  readonly settings: ProviderSettings;
  readonly loginRef: string;
  readonly catalogGen: number;
  readonly catalogSecretsRef: string | null;
  readonly epgGen: number;
  readonly status: StoredStatus;
  readonly account: AccountStatus | null;
  readonly createdAt: number;
}

interface Row {
  seq: number;
  id: string;
  owner_id: string;
  name: string;
  kind: string;
  settings: string;
  login_ref: string;
  catalog_gen: number;
  catalog_secrets_ref: string | null;
  epg_gen: number;
  status: string;
  account: string | null;
  created_at: number;
}

function recordOf(row: Row): ProviderRecord {
  return {
    seq: row.seq,
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    kind: row.kind === 'xtream' ? 'xtream' : 'm3u',
    settings: JSON.parse(row.settings) as ProviderSettings,
    loginRef: row.login_ref,
    catalogGen: row.catalog_gen,
    catalogSecretsRef: row.catalog_secrets_ref,
    epgGen: row.epg_gen,
    status: JSON.parse(row.status) as StoredStatus,
    account: row.account === null ? null : (JSON.parse(row.account) as AccountStatus),
    createdAt: row.created_at,
  };
}

export type ProviderChange = Partial<{
  name: string;
  settings: ProviderSettings;
  loginRef: string;
  catalogGen: number;
  catalogSecretsRef: string | null;
  epgGen: number;
  status: StoredStatus;
  account: AccountStatus | null;
}>;

const COLUMNS: Record<keyof ProviderChange, string> = {
  name: 'name',
  settings: 'settings',
  loginRef: 'login_ref',
  catalogGen: 'catalog_gen',
  catalogSecretsRef: 'catalog_secrets_ref',
  epgGen: 'epg_gen',
  status: 'status',
  account: 'account',
};

export class ProviderStore {
  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => number,
  ) {}

  insert(p: {
    id: string;
    ownerId: string;
    name: string;
    kind: 'm3u' | 'xtream';
    settings: ProviderSettings;
    loginRef: string;
  }): ProviderRecord {
    const at = this.now();
    this.db
      .prepare(
        `INSERT INTO iptv_providers (id, owner_id, name, kind, settings, login_ref, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(p.id, p.ownerId, p.name, p.kind, JSON.stringify(p.settings), p.loginRef, JSON.stringify(EMPTY_STATUS), at, at);
    return this.get(p.id) as ProviderRecord;
  }

  get(id: string): ProviderRecord | null {
    const row = this.db.prepare('SELECT * FROM iptv_providers WHERE id = ?').get(id) as Row | undefined;
    return row ? recordOf(row) : null;
  }

  /** Oldest first, after `afterSeq`; every owner's when `ownerId` is undefined. */
  list(options: { ownerId?: string | undefined; afterSeq: number; limit: number }): ProviderRecord[] {
    const rows = (options.ownerId === undefined
      ? this.db.prepare('SELECT * FROM iptv_providers WHERE seq > ? ORDER BY seq LIMIT ?').all(options.afterSeq, options.limit)
      : this.db
          .prepare('SELECT * FROM iptv_providers WHERE owner_id = ? AND seq > ? ORDER BY seq LIMIT ?')
          .all(options.ownerId, options.afterSeq, options.limit)) as unknown as Row[];
    return rows.map(recordOf);
  }

  count(ownerId: string | undefined): number {
    const row = (
      ownerId === undefined
        ? this.db.prepare('SELECT count(*) AS n FROM iptv_providers').get()
        : this.db.prepare('SELECT count(*) AS n FROM iptv_providers WHERE owner_id = ?').get(ownerId)
    ) as { n: number };
    return row.n;
  }

  all(): ProviderRecord[] {
    return (this.db.prepare('SELECT * FROM iptv_providers ORDER BY seq').all() as unknown as Row[]).map(recordOf);
  }

  update(id: string, change: ProviderChange): ProviderRecord | null {
    const sets: string[] = [];
    const values: (string | number | null)[] = [];
    for (const [key, value] of Object.entries(change) as [keyof ProviderChange, unknown][]) {
      if (value === undefined) continue;
      sets.push(`${COLUMNS[key]} = ?`);
      values.push(typeof value === 'object' && value !== null ? JSON.stringify(value) : (value as string | number | null));
    }
    if (sets.length > 0) {
      this.db.prepare(`UPDATE iptv_providers SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`).run(...values, this.now(), id);
    }
    return this.get(id);
  }

  /** A fresh generation number for a refresh to fill (never reused, so never a stale table). */
  allocateGeneration(id: string): number {
    const row = this.db
      .prepare('UPDATE iptv_providers SET next_gen = next_gen + 1 WHERE id = ? RETURNING next_gen - 1 AS gen')
      .get(id) as { gen: number } | undefined;
    if (!row) throw new Error(`No provider ${id}.`);
    return row.gen;
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM iptv_providers WHERE id = ?').run(id);
  }
}
