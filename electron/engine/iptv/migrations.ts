import type { Migration } from '../storage/database';

/**
 * Providers, and what each user marks on their channels. The catalogs and EPGs themselves are
 * tables per provider and generation (catalog/catalog-tables.ts), created by refreshes.
 * Credentials are never here: `login_ref` and `catalog_secrets_ref` name SecretStore entries.
 */
export const iptvMigrations: readonly Migration[] = [
  {
    id: 'iptv-001-create',
    up: (db) => {
      db.exec(`
        CREATE TABLE iptv_providers (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          owner_id TEXT NOT NULL,
          name TEXT NOT NULL,
          kind TEXT NOT NULL,
          settings TEXT NOT NULL,
          login_ref TEXT NOT NULL,
          catalog_gen INTEGER NOT NULL DEFAULT 0,
          catalog_secrets_ref TEXT,
          epg_gen INTEGER NOT NULL DEFAULT 0,
          next_gen INTEGER NOT NULL DEFAULT 1,
          status TEXT NOT NULL,
          account TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX iptv_providers_by_owner ON iptv_providers (owner_id, seq);

        CREATE TABLE iptv_channel_marks (
          user_id TEXT NOT NULL,
          provider_id TEXT NOT NULL REFERENCES iptv_providers (id) ON DELETE CASCADE,
          channel_key TEXT NOT NULL,
          favourite_at INTEGER,
          watched_at INTEGER,
          PRIMARY KEY (user_id, provider_id, channel_key)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX iptv_channel_marks_by_provider ON iptv_channel_marks (provider_id);
        CREATE INDEX iptv_channel_marks_recent ON iptv_channel_marks (user_id, provider_id, watched_at)
          WHERE watched_at IS NOT NULL;

        CREATE TABLE iptv_hidden_categories (
          user_id TEXT NOT NULL,
          provider_id TEXT NOT NULL REFERENCES iptv_providers (id) ON DELETE CASCADE,
          category_key TEXT NOT NULL,
          PRIMARY KEY (user_id, provider_id, category_key)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX iptv_hidden_categories_by_provider ON iptv_hidden_categories (provider_id);
      `);
    },
  },
];
