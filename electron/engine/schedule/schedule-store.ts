import type { DatabaseSync } from 'node:sqlite';
import type { Migration } from '../storage/database';

/**
 * What the scheduler must remember across restarts: the next start it armed for each live
 * (so a recurring start missed while the engine was down is noticed), and what became of each
 * due start (the schedule's own history: started, missed, skipped).
 */
export const scheduleMigrations: readonly Migration[] = [
  {
    id: 'schedule-001-create',
    up: (db) => {
      db.exec(`
        CREATE TABLE schedule_next_start (
          live_id TEXT PRIMARY KEY,
          due_at INTEGER NOT NULL,
          -- The start policy the due time was computed from; a different one means recompute.
          plan TEXT NOT NULL
        ) STRICT;
        CREATE TABLE schedule_fires (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          live_id TEXT NOT NULL,
          due_at INTEGER NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome IN ('started', 'missed', 'skipped')),
          at INTEGER NOT NULL,
          reason TEXT
        ) STRICT;
        CREATE INDEX schedule_fires_by_live ON schedule_fires (live_id, id);
      `);
    },
  },
  {
    id: 'schedule-002-settings',
    up: (db) => {
      db.exec('CREATE TABLE schedule_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT');
    },
  },
];

export type FireOutcome = 'started' | 'missed' | 'skipped';

export interface FireRecord {
  readonly liveId: string;
  readonly dueAt: number;
  readonly outcome: FireOutcome;
  readonly at: number;
  readonly reason: string | null;
}

export class ScheduleStore {
  constructor(private readonly db: DatabaseSync) {}

  nextStart(liveId: string): { dueAt: number; plan: string } | null {
    const row = this.db.prepare('SELECT due_at, plan FROM schedule_next_start WHERE live_id = ?').get(liveId) as
      { due_at: number; plan: string } | undefined;
    return row ? { dueAt: row.due_at, plan: row.plan } : null;
  }

  setNextStart(liveId: string, dueAt: number, plan: string): void {
    this.db
      .prepare(
        `INSERT INTO schedule_next_start (live_id, due_at, plan) VALUES (?, ?, ?)
         ON CONFLICT (live_id) DO UPDATE SET due_at = excluded.due_at, plan = excluded.plan`,
      )
      .run(liveId, dueAt, plan);
  }

  clearNextStart(liveId: string): void {
    this.db.prepare('DELETE FROM schedule_next_start WHERE live_id = ?').run(liveId);
  }

  /** Lives that have a remembered next start (some may have been deleted while the engine was down). */
  liveIdsWithNextStart(): string[] {
    return (this.db.prepare('SELECT live_id FROM schedule_next_start').all() as { live_id: string }[]).map((r) => r.live_id);
  }

  /** A setting saved with `setSetting`, or null (the module's default applies). */
  setting(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM schedule_settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO schedule_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  recordFire(fire: FireRecord): void {
    this.db
      .prepare('INSERT INTO schedule_fires (live_id, due_at, outcome, at, reason) VALUES (?, ?, ?, ?, ?)')
      .run(fire.liveId, fire.dueAt, fire.outcome, fire.at, fire.reason);
  }

  /** The last due start handled for this live, to never handle a one-off start twice. */
  lastFire(liveId: string): FireRecord | null {
    return this.fires(liveId, 1)[0] ?? null;
  }

  /** The latest `limit` handled starts of a live, newest first. */
  fires(liveId: string, limit = 100): FireRecord[] {
    const rows = this.db
      .prepare('SELECT live_id, due_at, outcome, at, reason FROM schedule_fires WHERE live_id = ? ORDER BY id DESC LIMIT ?')
      .all(liveId, limit) as { live_id: string; due_at: number; outcome: FireOutcome; at: number; reason: string | null }[];
    return rows.map((r) => ({ liveId: r.live_id, dueAt: r.due_at, outcome: r.outcome, at: r.at, reason: r.reason }));
  }
}
