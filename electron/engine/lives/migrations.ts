import type { Migration } from '../storage/database';

/**
 * Lives and their runs. Policies and sources are JSON validated by the contract on the way in
 * and out; stream keys and URL passwords are never here, only `secret:` references and masks.
 */
export const livesMigrations: readonly Migration[] = [
  {
    id: 'lives-001-create',
    up: (db) => {
      db.exec(`
        CREATE TABLE lives (
          id TEXT PRIMARY KEY,
          owner_id TEXT NOT NULL,
          title TEXT NOT NULL,
          source TEXT NOT NULL,
          encoding TEXT NOT NULL,
          loop_policy TEXT NOT NULL,
          start_policy TEXT NOT NULL,
          end_policy TEXT NOT NULL,
          state TEXT NOT NULL,
          current_run_id TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX lives_by_owner ON lives (owner_id, created_at);
        CREATE INDEX lives_by_state ON lives (state);

        CREATE TABLE live_destinations (
          id TEXT PRIMARY KEY,
          live_id TEXT NOT NULL REFERENCES lives (id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          name TEXT NOT NULL,
          enabled INTEGER NOT NULL,
          kind TEXT NOT NULL,
          url TEXT,
          key_ref TEXT,
          key_masked TEXT
        ) STRICT;
        CREATE INDEX live_destinations_by_live ON live_destinations (live_id, position);

        CREATE TABLE live_runs (
          id TEXT PRIMARY KEY,
          live_id TEXT NOT NULL REFERENCES lives (id) ON DELETE CASCADE,
          state TEXT NOT NULL,
          started_at INTEGER NOT NULL,
          ended_at INTEGER,
          end_reason TEXT,
          restarts INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE INDEX live_runs_by_live ON live_runs (live_id, started_at);
        CREATE INDEX live_runs_open ON live_runs (state) WHERE ended_at IS NULL;

        CREATE TABLE live_run_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          run_id TEXT NOT NULL REFERENCES live_runs (id) ON DELETE CASCADE,
          at INTEGER NOT NULL,
          kind TEXT NOT NULL,
          from_state TEXT,
          to_state TEXT,
          reason TEXT,
          destination_id TEXT
        ) STRICT;
        CREATE INDEX live_run_events_by_run ON live_run_events (run_id, id);

        CREATE TABLE live_run_stats (
          run_id TEXT NOT NULL REFERENCES live_runs (id) ON DELETE CASCADE,
          at INTEGER NOT NULL,
          sample TEXT NOT NULL,
          PRIMARY KEY (run_id, at)
        ) STRICT;

        CREATE TABLE live_run_log (
          run_id TEXT NOT NULL REFERENCES live_runs (id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          line TEXT NOT NULL,
          PRIMARY KEY (run_id, seq)
        ) STRICT;
      `);
    },
  },
  {
    // Passwords inside URLs go to the SecretStore like stream keys: the URLs are stored masked.
    id: 'lives-002-url-passwords',
    up: (db) => {
      db.exec(`
        ALTER TABLE lives ADD COLUMN source_secret_ref TEXT;
        ALTER TABLE live_destinations ADD COLUMN url_secret_ref TEXT;
      `);
    },
  },
  {
    // A `public-output` destination names the output it feeds (electron/engine/outputs/).
    id: 'lives-003-destination-output',
    up: (db) => {
      db.exec(`ALTER TABLE live_destinations ADD COLUMN output_id TEXT;`);
    },
  },
  {
    // A run event's sentence and a run's end reason as a message code + parameters (JSON), so the UI translates them.
    id: 'lives-004-run-event-text',
    up: (db) => {
      db.exec(`ALTER TABLE live_run_events ADD COLUMN text TEXT; ALTER TABLE live_runs ADD COLUMN end_text TEXT;`);
    },
  },
  {
    // Engine-wide lives settings (the overload policy), as key → value.
    id: 'lives-005-settings',
    up: (db) => {
      db.exec('CREATE TABLE lives_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT');
    },
  },
];
