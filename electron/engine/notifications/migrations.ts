import type { Migration } from '../storage/database';

export const notificationsMigrations: readonly Migration[] = [
  {
    id: 'notifications-001-create',
    up: (db) => {
      db.exec(`
        CREATE TABLE smtp_settings (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          host TEXT NOT NULL,
          port INTEGER NOT NULL,
          security TEXT NOT NULL CHECK (security IN ('tls', 'starttls', 'none')),
          user TEXT,
          sender TEXT NOT NULL,
          notify_to TEXT,
          language TEXT NOT NULL DEFAULT 'en',
          has_password INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE mail_outbox (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          recipient TEXT NOT NULL,
          subject TEXT NOT NULL,
          body TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL,
          last_error TEXT,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at, id);
      `);
    },
  },
  {
    id: 'notifications-002-preferences',
    up: (db) => {
      db.exec('CREATE TABLE notice_preferences (user_id TEXT PRIMARY KEY, prefs TEXT NOT NULL)');
    },
  },
];
