import type { DatabaseSync } from 'node:sqlite';
import type { LiveState, Run, RunEvent, RunStats } from '@shared/contract/lives';
import type { EngineMessage } from '@shared/messages/engine-message';

/** How much history a run keeps, so a live that runs for weeks does not grow the database. */
export const RUN_HISTORY = Object.freeze({
  /** One statistics sample kept per this many milliseconds (events still get every sample). */
  statsEveryMs: 5_000,
  /** Statistics older than this, relative to the newest sample, are dropped. */
  statsWindowMs: 24 * 3600 * 1000,
  logLines: 200,
  events: 1_000,
});

interface RunRow {
  id: string;
  live_id: string;
  state: string;
  started_at: number;
  ended_at: number | null;
  end_reason: string | null;
  end_text: string | null;
  restarts: number;
}

interface EventRow {
  at: number;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
  destination_id: string | null;
  text: string | null;
}

export interface RunEventRecord {
  readonly at: number;
  readonly kind: RunEvent['kind'];
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly reason?: string | undefined;
  /** `reason` as a catalog message (stored as JSON). */
  readonly text?: EngineMessage | undefined;
  readonly destinationId?: string | undefined;
}

/** Where a page of runs ends: the sort key of its last run. */
export interface RunSortKey {
  readonly startedAt: number;
  readonly rowId: number;
}

/** Runs and their bounded history (events, statistics, log tail). */
export class RunStore {
  readonly #db: DatabaseSync;
  /** Newest persisted stats sample per run, so most samples cost no query. */
  readonly #lastStatsAt = new Map<string, number>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  insert(run: { id: string; liveId: string; state: LiveState; startedAt: number }): void {
    this.#db
      .prepare('INSERT INTO live_runs (id, live_id, state, started_at) VALUES (?, ?, ?, ?)')
      .run(run.id, run.liveId, run.state, run.startedAt);
  }

  get(id: string): Run | undefined {
    const row = this.#db.prepare('SELECT * FROM live_runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  /**
   * A live's runs newest first (ties in insertion order, newest first), from just after `after`
   * (the sort key of the last run already sent): a keyset, so new runs never shift a page.
   */
  listForLive(liveId: string, limit: number, after?: RunSortKey): { run: Run; key: RunSortKey }[] {
    const rows = (after
      ? this.#db
          .prepare(
            `SELECT rowid AS row_id, * FROM live_runs WHERE live_id = ? AND (started_at < ? OR (started_at = ? AND rowid < ?))
                 ORDER BY started_at DESC, rowid DESC LIMIT ?`,
          )
          .all(liveId, after.startedAt, after.startedAt, after.rowId, limit)
      : this.#db
          .prepare('SELECT rowid AS row_id, * FROM live_runs WHERE live_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?')
          .all(liveId, limit)) as unknown as (RunRow & { row_id: number })[];
    return rows.map((row) => ({ run: toRun(row), key: { startedAt: row.started_at, rowId: row.row_id } }));
  }

  /** Runs that are not over (ended_at unset), oldest first. */
  listOpen(): Run[] {
    const rows = this.#db
      .prepare('SELECT * FROM live_runs WHERE ended_at IS NULL ORDER BY started_at, rowid')
      .all() as unknown as RunRow[];
    return rows.map(toRun);
  }

  setState(
    id: string,
    state: LiveState,
    end: { at: number; reason: string | undefined; text?: EngineMessage | undefined } | undefined,
  ): void {
    if (end) {
      this.#db
        .prepare('UPDATE live_runs SET state = ?, ended_at = ?, end_reason = ?, end_text = ? WHERE id = ?')
        .run(state, end.at, end.reason ?? null, end.text ? JSON.stringify(end.text) : null, id);
    } else {
      this.#db.prepare('UPDATE live_runs SET state = ? WHERE id = ?').run(state, id);
    }
  }

  countRestart(id: string): void {
    this.#db.prepare('UPDATE live_runs SET restarts = restarts + 1 WHERE id = ?').run(id);
  }

  addEvent(runId: string, event: RunEventRecord): void {
    this.#db
      .prepare(
        `INSERT INTO live_run_events (run_id, at, kind, from_state, to_state, reason, destination_id, text)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        runId,
        event.at,
        event.kind,
        event.from ?? null,
        event.to ?? null,
        event.reason ?? null,
        event.destinationId ?? null,
        event.text ? JSON.stringify(event.text) : null,
      );
    this.#db
      .prepare(
        `DELETE FROM live_run_events WHERE run_id = ? AND id <= (
           SELECT id FROM live_run_events WHERE run_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
      )
      .run(runId, runId, RUN_HISTORY.events);
  }

  events(runId: string): RunEvent[] {
    const rows = this.#db
      .prepare(
        'SELECT at, kind, from_state, to_state, reason, destination_id, text FROM live_run_events WHERE run_id = ? ORDER BY id',
      )
      .all(runId) as unknown as EventRow[];
    return rows.map(toRunEvent);
  }

  /**
   * Keep the sample if the last kept one is at least `statsEveryMs` older; returns whether it was
   * kept. Between kept samples the newest one is still stored, in a single "tail" row replaced by
   * each newer sample, so a run's summary (its whole-run averages) is never older than one sample.
   */
  addStats(runId: string, stats: RunStats): boolean {
    const at = Date.parse(stats.at);
    let last = this.#lastStatsAt.get(runId);
    if (last === undefined) {
      const row = this.#db.prepare('SELECT MAX(at) AS at FROM live_run_stats WHERE run_id = ?').get(runId) as
        { at: number | null } | undefined;
      last = row?.at ?? Number.NEGATIVE_INFINITY;
    }
    const keep = at - last >= RUN_HISTORY.statsEveryMs;
    // The previous tail (newer than the last kept sample) gives way to this one.
    this.#db.prepare('DELETE FROM live_run_stats WHERE run_id = ? AND at > ?').run(runId, last);
    this.#db
      .prepare('INSERT OR REPLACE INTO live_run_stats (run_id, at, sample) VALUES (?, ?, ?)')
      .run(runId, at, JSON.stringify(stats));
    if (!keep) return false;
    this.#db.prepare('DELETE FROM live_run_stats WHERE run_id = ? AND at < ?').run(runId, at - RUN_HISTORY.statsWindowMs);
    this.#lastStatsAt.set(runId, at);
    return true;
  }

  stats(runId: string): RunStats[] {
    const rows = this.#db.prepare('SELECT sample FROM live_run_stats WHERE run_id = ? ORDER BY at').all(runId) as {
      sample: string;
    }[];
    return rows.map((r) => JSON.parse(r.sample) as RunStats);
  }

  appendLog(runId: string, lines: readonly string[]): void {
    if (lines.length === 0) return;
    const row = this.#db.prepare('SELECT MAX(seq) AS seq FROM live_run_log WHERE run_id = ?').get(runId) as
      { seq: number | null } | undefined;
    let seq = row?.seq ?? 0;
    const insert = this.#db.prepare('INSERT INTO live_run_log (run_id, seq, line) VALUES (?, ?, ?)');
    for (const line of lines.slice(-RUN_HISTORY.logLines)) insert.run(runId, ++seq, line);
    this.#db.prepare('DELETE FROM live_run_log WHERE run_id = ? AND seq <= ?').run(runId, seq - RUN_HISTORY.logLines);
  }

  logTail(runId: string): string[] {
    const rows = this.#db.prepare('SELECT line FROM live_run_log WHERE run_id = ? ORDER BY seq').all(runId) as {
      line: string;
    }[];
    return rows.map((r) => r.line);
  }

  /** Forget per-run caches once a run is over. */
  release(runId: string): void {
    this.#lastStatsAt.delete(runId);
  }
}

function toRun(row: RunRow): Run {
  const run: Run = {
    id: row.id,
    liveId: row.live_id,
    startedAt: new Date(row.started_at).toISOString(),
    state: row.state as LiveState,
    restarts: row.restarts,
  };
  if (row.ended_at !== null) run.endedAt = new Date(row.ended_at).toISOString();
  if (row.end_reason !== null) run.endReason = row.end_reason;
  if (row.end_text !== null) run.endText = JSON.parse(row.end_text) as EngineMessage;
  return run;
}

function toRunEvent(row: EventRow): RunEvent {
  const event: RunEvent = { at: new Date(row.at).toISOString(), kind: row.kind as RunEvent['kind'] };
  if (row.from_state !== null) event.from = row.from_state;
  if (row.to_state !== null) event.to = row.to_state;
  if (row.reason !== null) event.reason = row.reason;
  if (row.destination_id !== null) event.destinationId = row.destination_id;
  if (row.text !== null) event.text = JSON.parse(row.text) as EngineMessage;
  return event;
}
