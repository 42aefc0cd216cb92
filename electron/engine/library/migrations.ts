import type { Migration } from '../storage/database';
import { ftsTokenizer, searchMode } from '../storage/fts-search';

/**
 * Items (one row per file), optimize jobs and the library's settings. JSON columns hold what is
 * only ever read whole (tracks, notes, verdict); the columns beside them are what lists filter
 * and sort on.
 */
export const libraryMigrations: readonly Migration[] = [
  {
    id: 'library-001-create',
    up: (db) => {
      db.exec(`
        CREATE TABLE library_items (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          owner_id TEXT NOT NULL,
          name TEXT NOT NULL,
          search_text TEXT NOT NULL,
          path TEXT NOT NULL,
          storage TEXT NOT NULL,
          size_bytes INTEGER NOT NULL,
          file_mtime_ms INTEGER NOT NULL,
          fingerprint TEXT,
          added_at INTEGER NOT NULL,
          status TEXT NOT NULL,
          notes TEXT NOT NULL,
          media TEXT,
          verdict TEXT,
          video_codec TEXT,
          duration_sec REAL,
          verdict_kind TEXT,
          thumbs TEXT,
          original_id TEXT,
          rendition TEXT
        ) STRICT;
        CREATE INDEX library_items_by_owner ON library_items (owner_id, added_at DESC, seq DESC);
        CREATE INDEX library_items_by_added ON library_items (added_at DESC, seq DESC);
        CREATE INDEX library_items_by_fingerprint ON library_items (owner_id, fingerprint);
        CREATE INDEX library_items_by_path ON library_items (path);
        CREATE INDEX library_items_by_original ON library_items (original_id) WHERE original_id IS NOT NULL;

        CREATE TABLE library_jobs (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          item_id TEXT NOT NULL,
          owner_id TEXT NOT NULL,
          item_name TEXT NOT NULL,
          outputs TEXT NOT NULL,
          state TEXT NOT NULL,
          percent REAL NOT NULL DEFAULT 0,
          speed REAL,
          eta_sec REAL,
          encoder TEXT,
          wait_reason TEXT,
          error TEXT,
          result_ids TEXT NOT NULL DEFAULT '[]',
          created_at INTEGER NOT NULL,
          ended_at INTEGER
        ) STRICT;
        CREATE INDEX library_jobs_by_owner ON library_jobs (owner_id, seq DESC);
        CREATE INDEX library_jobs_by_item ON library_jobs (item_id, seq DESC);
        CREATE INDEX library_jobs_by_state ON library_jobs (state, seq);

        CREATE TABLE library_settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
  {
    // A search walks the newest-first order testing each name: from this narrow index alone, not
    // from the wide rows (tracks and verdict as JSON), which made 20,000 items take 0.5 s.
    id: 'library-002-search-index',
    up: (db) => {
      db.exec(`
        CREATE INDEX library_items_search ON library_items (added_at DESC, seq DESC, owner_id, search_text);
      `);
    },
  },
  {
    // Scanning every name (even from a narrow index) cost 100+ ms over 20,000 items on a loaded
    // machine: an FTS5 index (trigram: any 3+ character substring) finds the matches instead. It
    // reads its text from library_items (external content), kept in step by triggers.
    id: 'library-003-search-fts',
    up: (db) => {
      db.exec(`
        CREATE VIRTUAL TABLE library_items_fts USING fts5(
          search_text, content='library_items', content_rowid='seq', tokenize='${ftsTokenizer(searchMode())}'
        );
        CREATE TRIGGER library_items_fts_insert AFTER INSERT ON library_items BEGIN
          INSERT INTO library_items_fts (rowid, search_text) VALUES (new.seq, new.search_text);
        END;
        CREATE TRIGGER library_items_fts_delete AFTER DELETE ON library_items BEGIN
          INSERT INTO library_items_fts (library_items_fts, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
        END;
        CREATE TRIGGER library_items_fts_update AFTER UPDATE OF search_text ON library_items BEGIN
          INSERT INTO library_items_fts (library_items_fts, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
          INSERT INTO library_items_fts (rowid, search_text) VALUES (new.seq, new.search_text);
        END;
        INSERT INTO library_items_fts (library_items_fts) VALUES ('rebuild');
      `);
    },
  },
];
