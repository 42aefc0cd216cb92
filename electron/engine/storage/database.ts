import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** One schema step. Names sort the order within a domain; never edit a shipped migration. */
export interface Migration {
  /** Unique and stable, e.g. `lives-001-create`. */
  readonly id: string;
  readonly up: (db: DatabaseSync) => void;
}

export interface OpenDatabaseOptions {
  /** Folder chosen by the host (desktop user-data, agent data folder, a temp folder in tests). */
  dataDir: string;
  fileName?: string;
  /** All domains' migrations, in the order they must run. */
  migrations: readonly Migration[];
}

/**
 * Open the engine database in WAL mode and bring it up to date. Each migration runs in its own
 * transaction and is recorded, so a crash mid-upgrade leaves the last good version.
 */
export function openDatabase(options: OpenDatabaseOptions): DatabaseSync {
  mkdirSync(options.dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(options.dataDir, options.fileName ?? 'livemanager.db'));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((row) => row.id));
  const seen = new Set<string>();
  for (const migration of options.migrations) {
    if (seen.has(migration.id)) throw new Error(`Duplicate migration id "${migration.id}".`);
    seen.add(migration.id);
    if (applied.has(migration.id)) continue;
    transaction(db, () => {
      migration.up(db);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(migration.id, new Date().toISOString());
    });
  }
  return db;
}

/** Run `work` inside BEGIN IMMEDIATE … COMMIT, rolling back on any throw. */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

export function integrityCheck(db: DatabaseSync): string {
  const row = db.prepare('PRAGMA integrity_check').get() as { integrity_check: string } | undefined;
  return row?.integrity_check ?? 'unknown';
}
