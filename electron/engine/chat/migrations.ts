import type { Migration } from '../storage/database';

/**
 * One room per output (`room` is its id). Message ids are random, not row numbers: with several
 * engines over Redis each stores what the others relay, and the same id means the same message.
 */
export const chatMigrations: readonly Migration[] = [
  {
    id: 'chat-001-create',
    up: (db) => {
      db.exec(`
        CREATE TABLE chat_chatters (
          id TEXT PRIMARY KEY,
          room TEXT NOT NULL,
          name TEXT NOT NULL,
          name_key TEXT NOT NULL,
          role TEXT NOT NULL,
          user_id TEXT,
          last_ip TEXT,
          created_at INTEGER NOT NULL,
          UNIQUE (room, name_key)
        ) STRICT;

        CREATE TABLE chat_messages (
          id TEXT PRIMARY KEY,
          room TEXT NOT NULL,
          chatter_id TEXT NOT NULL,
          name TEXT NOT NULL,
          role TEXT NOT NULL,
          text TEXT NOT NULL,
          reply_to TEXT,
          at INTEGER NOT NULL,
          seq INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX chat_messages_room_order ON chat_messages (room, at, seq);

        CREATE TABLE chat_reactions (
          message_id TEXT NOT NULL REFERENCES chat_messages (id) ON DELETE CASCADE,
          reaction TEXT NOT NULL,
          chatter_id TEXT NOT NULL,
          PRIMARY KEY (message_id, reaction, chatter_id)
        ) STRICT;

        CREATE TABLE chat_rooms (
          room TEXT PRIMARY KEY,
          slow_mode_seconds INTEGER NOT NULL DEFAULT 0,
          words TEXT NOT NULL DEFAULT '[]',
          pinned_id TEXT
        ) STRICT;

        CREATE TABLE chat_sanctions (
          room TEXT NOT NULL,
          kind TEXT NOT NULL,
          target TEXT NOT NULL,
          until INTEGER,
          PRIMARY KEY (room, kind, target)
        ) STRICT;

        CREATE TABLE chat_actions (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          room TEXT NOT NULL,
          actor_id TEXT NOT NULL,
          actor_name TEXT NOT NULL,
          action TEXT NOT NULL,
          target TEXT,
          detail TEXT,
          at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX chat_actions_room ON chat_actions (room, at);

        CREATE TABLE chat_moderators (
          room TEXT NOT NULL,
          user_id TEXT NOT NULL,
          named_by TEXT NOT NULL,
          at INTEGER NOT NULL,
          PRIMARY KEY (room, user_id)
        ) STRICT;

        CREATE TABLE chat_settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
];
