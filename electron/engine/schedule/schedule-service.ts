import { RpcError } from '@shared/contract/errors';
import type { Live } from '@shared/contract/lives';
import { endDeadline } from '@shared/schedule/plan';
import { parseRecurrence } from '@shared/schedule/recurrence';
import { isActive, isRunning } from '@shared/lives/state-machine';
import { Alarm } from '../time/alarm';
import type { LiveControl, NoticeSink, SourceDurationProbe } from './ports';
import type { ScheduleStore } from './schedule-store';
import type { Timers } from '../time/timers';

export const DEFAULT_MISSED_START_GRACE_MS = 5 * 60_000;
export const PREFLIGHT_LEAD_MS = 60_000;

export interface ScheduleServiceOptions {
  control: LiveControl;
  notices: NoticeSink;
  store: ScheduleStore;
  now: () => number;
  timers: Timers;
  /** Longest timer (see Alarm): bounds how long after a machine resumes a due start is seen. */
  maxSleepMs?: number;
  /**
   * A start found this late (engine down, machine asleep) still starts; later, it is missed.
   * A function so a changed setting applies to the next start.
   */
  missedStartGraceMs?: number | (() => number);
  /** Problems with a live's source, destinations and keys, in words; empty when ready. */
  preflight: (live: Live) => Promise<string[]>;
  /** For `afterLoops` when the runtime does not count loops itself. */
  probeDurationMs?: SourceDurationProbe;
  runtimeCountsLoops?: boolean;
  log: (message: string, error?: unknown) => void;
}

type JobKind = 'start' | 'preflight' | 'end';
interface Job {
  readonly kind: JobKind;
  readonly liveId: string;
  readonly ownerId: string;
  readonly title: string;
}

export interface UpcomingStart {
  readonly liveId: string;
  readonly ownerId: string;
  readonly title: string;
  readonly dueAt: number;
}

/** The clock of a run counts from when FFmpeg is asked to start, not from the queue. */

/**
 * Turns lives' start and end plans into due jobs on one Alarm: starts (with a pre-flight 60 s
 * ahead) and ends. Every fire goes through one rule: on time or within the grace window, act;
 * later than that, the start is marked missed and the owner told. At boot the remembered due
 * times are simply armed, so starts missed while the engine was down fire at once, oldest first.
 */
export class ScheduleService {
  readonly #o: Required<Omit<ScheduleServiceOptions, 'probeDurationMs' | 'maxSleepMs' | 'missedStartGraceMs'>> &
    Pick<ScheduleServiceOptions, 'probeDurationMs'> & { missedStartGraceMs: () => number };
  readonly #alarm: Alarm<Job>;
  /** When each running live's run began, for `afterDuration` / `afterLoops`. */
  readonly #runStarts = new Map<string, { runId: string | undefined; at: number }>();
  /** Starts run one after another, in due order, so queued lives keep that order. */
  #starts: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: ScheduleServiceOptions) {
    this.#o = {
      ...options,
      missedStartGraceMs: graceOf(options.missedStartGraceMs),
      runtimeCountsLoops: options.runtimeCountsLoops ?? false,
    };
    this.#alarm = new Alarm<Job>({
      now: options.now,
      timers: options.timers,
      maxSleepMs: options.maxSleepMs,
      onDue: (due) => this.#onDue(due),
    });
  }

  /** Arm every scheduled live; those due while the engine was down fire at once. */
  boot(): void {
    const lives = this.#o.control.listScheduled();
    const known = new Set(lives.map((l) => l.id));
    for (const liveId of this.#o.store.liveIdsWithNextStart()) if (!known.has(liveId)) this.#o.store.clearNextStart(liveId);
    for (const live of lives) this.liveChanged(live);
  }

  /** A live was created, edited, started, stopped or changed state. */
  liveChanged(live: Live): void {
    if (this.#closed) return;
    this.#armStart(live);
    this.#armEnd(live);
  }

  liveDeleted(liveId: string): void {
    for (const kind of ['start', 'preflight', 'end'] as const) this.#alarm.delete(`${kind}:${liveId}`);
    this.#runStarts.delete(liveId);
    this.#o.store.clearNextStart(liveId);
  }

  /** The next scheduled starts, soonest first. */
  upcoming(limit: number, visible: (ownerId: string) => boolean = () => true): UpcomingStart[] {
    return this.#alarm
      .entries()
      .filter((e) => e.value.kind === 'start' && visible(e.value.ownerId))
      .slice(0, limit)
      .map((e) => ({ liveId: e.value.liveId, ownerId: e.value.ownerId, title: e.value.title, dueAt: e.dueAt }));
  }

  /** Resolves when every start handed to the runtime so far has been handled (tests, close). */
  settled(): Promise<void> {
    return this.#starts;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#alarm.close();
    await this.#starts;
  }

  #job(kind: JobKind, live: Live): Job {
    return { kind, liveId: live.id, ownerId: live.ownerId, title: live.title };
  }

  #nextDue(live: Live): number | null {
    const now = this.#o.now();
    if (live.start.kind === 'manual' || live.state === 'draft') return null;
    if (live.start.kind === 'once') {
      if (live.state !== 'scheduled') return null;
      const at = Date.parse(live.start.at);
      const last = this.#o.store.lastFire(live.id);
      return last !== null && last.dueAt === at && last.outcome !== 'skipped' ? null : at;
    }
    const remembered = this.#o.store.nextStart(live.id);
    if (remembered && remembered.plan === JSON.stringify(live.start)) return remembered.dueAt;
    return parseRecurrence(live.start.cron, live.start.timeZone).nextAfter(now);
  }

  #armStart(live: Live): void {
    let due: number | null = null;
    try {
      due = this.#nextDue(live);
    } catch (error) {
      this.#o.log(`schedule of live ${live.id} cannot be read`, error);
    }
    if (due === null) {
      this.#alarm.delete(`start:${live.id}`);
      this.#alarm.delete(`preflight:${live.id}`);
      this.#o.store.clearNextStart(live.id);
      return;
    }
    this.#o.store.setNextStart(live.id, due, JSON.stringify(live.start));
    this.#alarm.set(`start:${live.id}`, due, this.#job('start', live));
    const now = this.#o.now();
    if (due > now) this.#alarm.set(`preflight:${live.id}`, Math.max(now, due - PREFLIGHT_LEAD_MS), this.#job('preflight', live));
    else this.#alarm.delete(`preflight:${live.id}`);
  }

  #armEnd(live: Live): void {
    if (!isRunning(live.state)) {
      if (!isActive(live.state)) {
        this.#runStarts.delete(live.id);
        this.#alarm.delete(`end:${live.id}`);
      }
      return;
    }
    const seen = this.#runStarts.get(live.id);
    if (seen && seen.runId === live.currentRunId) return;
    const startedAt = this.#o.now();
    this.#runStarts.set(live.id, { runId: live.currentRunId, at: startedAt });
    const armAt = (probedDurationMs: number | null): void => {
      const deadline = endDeadline(live.end, startedAt, { probedDurationMs, loopsReported: this.#o.runtimeCountsLoops });
      if (deadline !== null && !this.#closed && this.#runStarts.get(live.id)?.at === startedAt) {
        this.#alarm.set(`end:${live.id}`, deadline, this.#job('end', live));
      }
    };
    const probe = this.#o.probeDurationMs;
    if (live.end.kind !== 'afterLoops' || this.#o.runtimeCountsLoops || !probe) return armAt(null);
    // Only a loop count needs the source's duration, which takes an ffprobe.
    probe(live)
      .then(armAt)
      .catch((error: unknown) => this.#o.log(`end of live ${live.id} cannot be planned`, error));
  }

  #onDue(due: { dueAt: number; value: Job }[]): void {
    for (const { dueAt, value: job } of due) {
      if (job.kind === 'preflight') void this.#preflight(job);
      else if (job.kind === 'end') this.#queue(() => this.#end(job));
      else this.#queue(() => this.#start(job, dueAt));
    }
  }

  #queue(work: () => Promise<void>): void {
    this.#starts = this.#starts.then(work).catch((error: unknown) => this.#o.log('scheduled job failed', error));
  }

  async #start(job: Job, dueAt: number): Promise<void> {
    const live = this.#o.control.get(job.liveId);
    if (!live) return this.liveDeleted(job.liveId);
    const now = this.#o.now();
    const record = (outcome: 'started' | 'missed' | 'skipped', reason: string | null): void =>
      this.#o.store.recordFire({ liveId: live.id, dueAt, outcome, at: now, reason });
    const eligible = live.start.kind === 'once' ? live.state === 'scheduled' : live.state !== 'draft' && !isActive(live.state);
    // Arm the next occurrence first: starting the live re-enters liveChanged, which must see it.
    if (live.start.kind === 'recurring') {
      const next = parseRecurrence(live.start.cron, live.start.timeZone).nextAfter(Math.max(now, dueAt));
      if (next !== null) this.#o.store.setNextStart(live.id, next, JSON.stringify(live.start));
      else this.#o.store.clearNextStart(live.id);
    } else {
      this.#o.store.clearNextStart(live.id);
    }
    if (!eligible) {
      record('skipped', `the live was ${live.state}`);
      this.liveChanged(live);
      return;
    }
    const lateBy = now - dueAt;
    const graceMs = this.#o.missedStartGraceMs();
    if (lateBy > graceMs) {
      const reason = `Scheduled start at ${new Date(dueAt).toISOString()} missed: the engine noticed it ${formatLate(lateBy)} late, past the ${formatLate(graceMs)} grace window.`;
      record('missed', reason);
      try {
        this.#o.control.recordMissed(live.id, dueAt, reason);
      } catch (error) {
        this.#o.log(`recording the missed start of live ${live.id} failed`, error);
      }
      this.#o.notices.emit({
        kind: 'schedule.missed',
        liveId: live.id,
        ownerId: live.ownerId,
        title: live.title,
        dueAt: new Date(dueAt).toISOString(),
      });
      this.liveChanged(live);
      return;
    }
    record('started', lateBy > 1000 ? `${Math.round(lateBy / 1000)} s late, inside the grace window` : null);
    this.liveChanged(live);
    try {
      await this.#o.control.startScheduled(live.id, dueAt);
    } catch (error) {
      // Refused before any run opened (no destination, key gone…): the owner must hear of it.
      const reason = error instanceof RpcError ? error.message : 'The scheduled start failed; see the engine log.';
      if (!(error instanceof RpcError)) this.#o.log(`scheduled start of live ${live.id} failed`, error);
      this.#o.notices.emit({ kind: 'live.failed', liveId: live.id, ownerId: live.ownerId, title: live.title, reason });
    }
  }

  async #end(job: Job): Promise<void> {
    const live = this.#o.control.get(job.liveId);
    if (!live || !isActive(live.state)) return;
    const reason =
      live.end.kind === 'at' ? 'end time reached' : live.end.kind === 'afterLoops' ? 'loop count reached' : 'duration reached';
    await this.#o.control.stopScheduled(live.id, reason);
  }

  async #preflight(job: Job): Promise<void> {
    const live = this.#o.control.get(job.liveId);
    const startAt = this.#alarm.get(`start:${job.liveId}`)?.dueAt;
    if (!live || startAt === undefined || this.#closed) return;
    let problems: string[];
    try {
      problems = await this.#o.preflight(live);
    } catch (error) {
      this.#o.log(`pre-flight of live ${live.id} failed`, error);
      problems = ['The pre-flight check could not run; see the engine log.'];
    }
    if (problems.length === 0 || this.#closed) return;
    this.#o.log(`pre-flight of live ${live.id} (start ${new Date(startAt).toISOString()}): ${problems.join('; ')}`);
    this.#o.notices.emit({ kind: 'preflight.warning', liveId: live.id, ownerId: live.ownerId, title: live.title, problems });
  }
}

function graceOf(option: ScheduleServiceOptions['missedStartGraceMs']): () => number {
  if (typeof option === 'function') return option;
  const fixed = option ?? DEFAULT_MISSED_START_GRACE_MS;
  return () => fixed;
}

function formatLate(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return minutes > 0 ? `${minutes} min${seconds ? ` ${seconds} s` : ''}` : `${seconds} s`;
}
