import type { Migration } from '../storage/database';

export const accountsMigrations: readonly Migration[] = [
  {
    id: 'accounts-001-create',
    up: (db) => {
      db.exec(`
        CREATE TABLE users (
          id TEXT PRIMARY KEY,
          email TEXT NOT NULL UNIQUE,
          password_hash TEXT NOT NULL,
          is_admin INTEGER NOT NULL DEFAULT 0,
          is_approved INTEGER NOT NULL DEFAULT 0,
          language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('fr', 'en')),
          created_at INTEGER NOT NULL,
          approved_at INTEGER
        );
        CREATE TABLE sessions (
          token_hash TEXT PRIMARY KEY,
          user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL
        );
        CREATE INDEX sessions_by_user ON sessions(user_id);
        CREATE TABLE login_attempts (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          key TEXT NOT NULL,
          at INTEGER NOT NULL
        );
        CREATE INDEX login_attempts_by_key ON login_attempts(key, at);
      `);
    },
  },
  {
    id: 'accounts-002-last-seen',
    up: (db) => {
      db.exec('ALTER TABLE users ADD COLUMN last_seen_at INTEGER');
    },
  },
];
