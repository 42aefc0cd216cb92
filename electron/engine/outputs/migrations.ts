import type { Migration } from '../storage/database';

/**
 * Outputs, their links and the sharing settings. The signing keys themselves are never here:
 * `output_signing_keys` only says which SecretStore entry is current and which is kept.
 */
export const outputsMigrations: readonly Migration[] = [
  {
    id: 'outputs-001-create',
    up: (db) => {
      db.exec(`
        CREATE TABLE outputs (
          id TEXT PRIMARY KEY,
          slug TEXT NOT NULL UNIQUE,
          title TEXT NOT NULL,
          group_name TEXT NOT NULL,
          logo_url TEXT,
          access TEXT NOT NULL,
          is_default INTEGER NOT NULL DEFAULT 0,
          owner_id TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE output_links (
          id TEXT PRIMARY KEY,
          output_id TEXT NOT NULL REFERENCES outputs (id) ON DELETE CASCADE,
          label TEXT NOT NULL,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          max_viewers INTEGER,
          revoked_at INTEGER,
          views INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE INDEX output_links_by_output ON output_links (output_id, created_at);

        CREATE TABLE output_signing_keys (
          kid TEXT PRIMARY KEY,
          role TEXT NOT NULL,
          created_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE output_settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
];
