import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { isAlive, signalGroup } from '../../ffmpeg/process-group';
import { transaction } from '../../storage/database';

/** One FFmpeg of ours as written down at spawn, so a later engine can recognise it. */
export interface ChildRecord {
  readonly pid: number;
  /** Its process group (= pid: children are spawned detached, leading their own group). */
  readonly pgid: number;
  /** Kernel start time (clock ticks since boot, /proc/<pid>/stat field 22), or null off Linux. */
  readonly startTicks: number | null;
  readonly liveId: string;
  readonly runId: string;
  readonly role: string;
}

const MIGRATION_ID = 'runtime-001-children';

/**
 * The FFmpeg processes this engine has running, written to the database when they start and
 * removed when they exit. If the engine is SIGKILLed, the rows survive and the next engine
 * uses them to find and stop what the old one left behind.
 */
export class ChildRecords {
  constructor(private readonly db: DatabaseSync) {
    migrate(db);
  }

  add(record: ChildRecord): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO runtime_children (pid, pgid, start_ticks, live_id, run_id, role) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(record.pid, record.pgid, record.startTicks, record.liveId, record.runId, record.role);
  }

  remove(pid: number): void {
    this.db.prepare('DELETE FROM runtime_children WHERE pid = ?').run(pid);
  }

  list(): ChildRecord[] {
    const rows = this.db.prepare('SELECT pid, pgid, start_ticks, live_id, run_id, role FROM runtime_children').all() as {
      pid: number;
      pgid: number;
      start_ticks: number | null;
      live_id: string;
      run_id: string;
      role: string;
    }[];
    return rows.map((r) => ({
      pid: r.pid,
      pgid: r.pgid,
      startTicks: r.start_ticks,
      liveId: r.live_id,
      runId: r.run_id,
      role: r.role,
    }));
  }

  clear(): void {
    this.db.exec('DELETE FROM runtime_children');
  }
}

/** The runtime's own table, versioned in schema_migrations like every domain's. */
function migrate(db: DatabaseSync): void {
  const done = db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?').get(MIGRATION_ID);
  if (done) return;
  transaction(db, () => {
    db.exec(`CREATE TABLE IF NOT EXISTS runtime_children (
      pid INTEGER PRIMARY KEY,
      pgid INTEGER NOT NULL,
      start_ticks INTEGER,
      live_id TEXT NOT NULL,
      run_id TEXT NOT NULL,
      role TEXT NOT NULL
    ) STRICT`);
    db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(MIGRATION_ID, new Date().toISOString());
  });
}

/** Kernel start time of a process (Linux), to tell our FFmpeg from a later process reusing its pid. */
export function processStartTicks(pid: number): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(fields[19]); // field 22: fields[0] is field 3
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

function commandLineOf(pid: number): string | null {
  try {
    if (process.platform === 'linux') return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    if (process.platform === 'win32') return null;
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 }).trim() || null;
  } catch {
    return null;
  }
}

/** Still the very process we started: alive, an ffmpeg, and (Linux) the same start time. */
export function isOurLeftover(record: ChildRecord): boolean {
  if (!isAlive(record.pid)) return false;
  const command = commandLineOf(record.pid);
  if (!command || !/(^|[/\\\s])ffmpeg(\.exe)?\s/.test(`${command} `)) return false;
  if (record.startTicks !== null && processStartTicks(record.pid) !== record.startTicks) return false;
  return true;
}

/**
 * Stop the FFmpeg groups a killed engine left running. Each is checked first (pid reuse must
 * never make us kill a stranger), then SIGTERM to its group, SIGKILL if it has not left after
 * `termMs`. Returns the pids that were ours and are now stopped.
 */
export async function reapLeftovers(records: ChildRecords, termMs = 2000): Promise<number[]> {
  const ours = records.list().filter(isOurLeftover);
  for (const record of ours) signalGroup(record.pgid, 'SIGTERM');
  const deadline = Date.now() + termMs;
  while (ours.some((r) => isAlive(-r.pgid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const record of ours) if (isAlive(-record.pgid)) signalGroup(record.pgid, 'SIGKILL');
  records.clear();
  return ours.map((r) => r.pid);
}
