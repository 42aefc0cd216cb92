import type { DatabaseSync } from 'node:sqlite';
import type { JobState, OptimizeJob, RenditionId } from '@shared/contract/library';

export interface JobRecord {
  readonly seq: number;
  readonly id: string;
  readonly itemId: string;
  readonly ownerId: string;
  readonly itemName: string;
  readonly outputs: readonly RenditionId[];
  readonly state: JobState;
  readonly percent: number;
  readonly speed: number | null;
  readonly etaSec: number | null;
  readonly encoder: string | null;
  readonly waitReason: string | null;
  readonly error: string | null;
  readonly resultIds: readonly string[];
  readonly createdAt: number;
  readonly endedAt: number | null;
}

interface Row {
  seq: number;
  id: string;
  item_id: string;
  owner_id: string;
  item_name: string;
  outputs: string;
  state: string;
  percent: number;
  speed: number | null;
  eta_sec: number | null;
  encoder: string | null;
  wait_reason: string | null;
  error: string | null;
  result_ids: string;
  created_at: number;
  ended_at: number | null;
}

const toRecord = (row: Row): JobRecord => ({
  seq: row.seq,
  id: row.id,
  itemId: row.item_id,
  ownerId: row.owner_id,
  itemName: row.item_name,
  outputs: JSON.parse(row.outputs) as RenditionId[],
  state: row.state as JobState,
  percent: row.percent,
  speed: row.speed,
  etaSec: row.eta_sec,
  encoder: row.encoder,
  waitReason: row.wait_reason,
  error: row.error,
  resultIds: JSON.parse(row.result_ids) as string[],
  createdAt: row.created_at,
  endedAt: row.ended_at,
});

export function toJobView(job: JobRecord): OptimizeJob {
  return {
    id: job.id,
    itemId: job.itemId,
    ownerId: job.ownerId,
    itemName: job.itemName,
    outputs: [...job.outputs],
    state: job.state,
    percent: Math.round(job.percent * 10) / 10,
    speed: job.speed === null ? null : Math.round(job.speed * 100) / 100,
    etaSec: job.etaSec === null ? null : Math.round(job.etaSec),
    encoder: job.encoder,
    waitReason: job.waitReason,
    error: job.error,
    resultItemIds: [...job.resultIds],
    createdAt: new Date(job.createdAt).toISOString(),
    endedAt: job.endedAt === null ? null : new Date(job.endedAt).toISOString(),
  };
}

/** What a job's progress or end changes. */
export type JobPatch = Partial<
  Pick<JobRecord, 'state' | 'percent' | 'speed' | 'etaSec' | 'encoder' | 'waitReason' | 'error' | 'resultIds' | 'endedAt'>
>;

const PATCH_COLUMNS: Record<keyof JobPatch, string> = {
  state: 'state',
  percent: 'percent',
  speed: 'speed',
  etaSec: 'eta_sec',
  encoder: 'encoder',
  waitReason: 'wait_reason',
  error: 'error',
  resultIds: 'result_ids',
  endedAt: 'ended_at',
};

/** Optimize jobs in SQLite: the queue survives a restart. */
export class JobStore {
  constructor(private readonly db: DatabaseSync) {}

  insert(job: Omit<JobRecord, 'seq'>): JobRecord {
    this.db
      .prepare(
        `INSERT INTO library_jobs (id, item_id, owner_id, item_name, outputs, state, percent, speed, eta_sec, encoder, wait_reason,
           error, result_ids, created_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        job.id,
        job.itemId,
        job.ownerId,
        job.itemName,
        JSON.stringify(job.outputs),
        job.state,
        job.percent,
        job.speed,
        job.etaSec,
        job.encoder,
        job.waitReason,
        job.error,
        JSON.stringify(job.resultIds),
        job.createdAt,
        job.endedAt,
      );
    const stored = this.get(job.id);
    if (!stored) throw new Error(`Job ${job.id} was not stored.`);
    return stored;
  }

  get(id: string): JobRecord | undefined {
    const row = this.db.prepare('SELECT * FROM library_jobs WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  update(id: string, patch: JobPatch): JobRecord | undefined {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [keyof JobPatch, unknown][];
    if (entries.length > 0) {
      const sets = entries.map(([key]) => `${PATCH_COLUMNS[key]} = ?`).join(', ');
      const values = entries.map(([key, value]) =>
        key === 'resultIds' ? JSON.stringify(value) : (value as string | number | null),
      );
      this.db.prepare(`UPDATE library_jobs SET ${sets} WHERE id = ?`).run(...values, id);
    }
    return this.get(id);
  }

  /** The oldest job waiting its turn. */
  nextQueued(): JobRecord | undefined {
    const row = this.db.prepare("SELECT * FROM library_jobs WHERE state = 'queued' ORDER BY seq LIMIT 1").get() as
      Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Jobs an engine left running or paused when it stopped. */
  unfinished(): JobRecord[] {
    return (
      this.db.prepare("SELECT * FROM library_jobs WHERE state IN ('running', 'paused') ORDER BY seq").all() as unknown as Row[]
    ).map(toRecord);
  }

  page(
    filter: { ownerId?: string | undefined; itemId?: string | undefined },
    afterSeq: number | undefined,
    limit: number,
  ): JobRecord[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.ownerId !== undefined) {
      where.push('owner_id = ?');
      params.push(filter.ownerId);
    }
    if (filter.itemId !== undefined) {
      where.push('item_id = ?');
      params.push(filter.itemId);
    }
    if (afterSeq !== undefined) {
      where.push('seq < ?');
      params.push(afterSeq);
    }
    const sql = `SELECT * FROM library_jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, limit) as unknown as Row[]).map(toRecord);
  }
}
