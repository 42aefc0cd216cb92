import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { RpcError } from '@shared/contract/errors';
import { maskSecret } from '@shared/format/mask';
import type { DestinationHealth, LiveState, Run, RunDetail, RunStats } from '@shared/contract/lives';
import { assertTransition, isTerminal, stateAfterRun } from '@shared/lives/state-machine';
import type { EngineEvents } from '../events/event-bus';
import type { NoticeBus } from '../notifications/notice-bus';
import { transaction } from '../storage/database';
import type { OpenRun } from './live-runtime';
import { toLiveView, type LiveStore } from './live-store';
import type { RunSortKey, RunStore } from './run-store';
import { engineMessage, englishOf, type EngineMessage } from '@shared/messages/engine-message';

/** Per-run caches hold this many runs at most (far more than can run at once). */
const RECENT_RUNS = 256;

export interface RunJournalDeps {
  readonly db: DatabaseSync;
  readonly lives: LiveStore;
  readonly runs: RunStore;
  readonly events: EngineEvents;
  readonly now: () => number;
  /** Told when a run goes on air, fails or ends (desktop notifications and e-mail). */
  readonly notices?: NoticeBus | undefined;
}

/**
 * The written history of runs, and the only way a run's state changes. The runtime (FFmpeg
 * supervision) and the lives handlers both go through it, so every change is checked against the
 * state machine, stored in one transaction with the live's own state, and pushed as events.
 */
export class RunJournal {
  readonly #deps: RunJournalDeps;
  /** runId → liveId of open runs: stats and log lines arrive every second, without a query each. */
  readonly #liveOf = new Map<string, string>();
  /** runId → the stream keys it uses: masked out of every line and reason, whatever the runtime sends. */
  readonly #secretsOf = new Map<string, readonly string[]>();

  constructor(deps: RunJournalDeps) {
    this.#deps = deps;
  }

  /**
   * Open a new run of a live in `queued` (waiting for the runtime to give it a slot). `secrets`
   * are the run's stream keys: the journal masks them in anything it stores or pushes.
   */
  open(liveId: string, secrets: readonly string[] = []): Run {
    const { db, lives, runs, now } = this.#deps;
    const run = transaction(db, () => {
      const live = lives.get(liveId);
      if (!live) throw RpcError.of('NOT_FOUND', engineMessage('lives.notFound', { liveId: liveId.slice(0, 64) }));
      if (live.currentRunId !== null) {
        throw RpcError.of('INVALID_STATE', engineMessage('lives.alreadyActiveStopFirst', { state: live.state }));
      }
      assertTransition(live.state, 'queued');
      const id = randomUUID();
      const at = now();
      runs.insert({ id, liveId, state: 'queued', startedAt: at });
      runs.addEvent(id, { at, kind: 'state', from: live.state, to: 'queued' });
      lives.setState(liveId, 'queued', id, at);
      return runs.get(id);
    });
    if (!run) throw new Error('The run just opened could not be read back.');
    this.protect(run.id, secrets);
    this.#emitLive(liveId);
    return run;
  }

  /** Mask these secrets (a run's stream keys) in everything later recorded for the run. */
  protect(runId: string, secrets: readonly string[]): void {
    // Very short strings would mask ordinary words; keys are far longer.
    const worth = secrets.filter((s) => s.length >= 6);
    if (worth.length === 0) return;
    this.#secretsOf.set(runId, [...(this.#secretsOf.get(runId) ?? []), ...worth]);
    // Kept after the run ends (late log lines still get masked), but only for the latest runs.
    if (this.#secretsOf.size > RECENT_RUNS) this.#secretsOf.delete(this.#secretsOf.keys().next().value ?? '');
  }

  /**
   * Move a run to `to`, and its live with it. Moving to the state it is already in does nothing,
   * so a runtime may report `live` again after every reconnection without special cases.
   */
  transition(runId: string, to: LiveState, rawReason?: string | EngineMessage, options: { notify?: boolean } = {}): Run {
    const { db, lives, runs, now } = this.#deps;
    const text = rawReason === undefined || typeof rawReason === 'string' ? undefined : this.#redactMessage(runId, rawReason);
    const reason = text ? englishOf(text) : rawReason === undefined ? undefined : this.#redact(runId, rawReason as string);
    let from: LiveState | undefined;
    const run = transaction(db, () => {
      const current = this.#run(runId);
      if (current.state === to) return current;
      assertTransition(current.state, to);
      const at = now();
      const terminal = isTerminal(to);
      runs.setState(runId, to, terminal ? { at, reason, text } : undefined);
      runs.addEvent(runId, { at, kind: 'state', from: current.state, to, reason, text });
      const live = lives.get(current.liveId);
      if (live?.currentRunId === runId) {
        lives.setState(live.id, terminal ? stateAfterRun(live.start, to, at) : to, terminal ? null : runId, at);
      }
      from = current.state;
      return runs.get(runId) ?? current;
    });
    if (from !== undefined) {
      if (isTerminal(to)) {
        runs.release(runId);
        this.#liveOf.delete(runId);
      }
      this.#emitLive(run.liveId);
      if (options.notify !== false) this.#notify(run, from, to, reason);
    }
    return run;
  }

  /**
   * A scheduled start that was missed (the engine was down past the grace window): a run that
   * goes `queued → failed` at once, so the miss shows in the live's history. No `live.failed`
   * notice: the scheduler tells the owner with its own `schedule.missed`.
   */
  recordMissedStart(liveId: string, reason: string): Run {
    const run = this.open(liveId);
    return this.transition(run.id, 'failed', reason, { notify: false });
  }

  /** The engine went away (or will) while this run was open. */
  markInterrupted(runId: string, reason: string | EngineMessage): Run {
    return this.transition(runId, 'interrupted', reason);
  }

  /** FFmpeg was restarted; `reason` says why, in words a streamer understands. */
  recordRestart(runId: string, reason: string): void {
    this.#write(runId, () => {
      this.#deps.runs.countRestart(runId);
      this.#deps.runs.addEvent(runId, { at: this.#deps.now(), kind: 'restart', reason: this.#redact(runId, reason) });
    });
  }

  recordFailure(runId: string, reason: string, destinationId?: string): void {
    this.#write(runId, () =>
      this.#deps.runs.addEvent(runId, {
        at: this.#deps.now(),
        kind: 'failure',
        reason: this.#redact(runId, reason),
        destinationId,
      }),
    );
  }

  recordDestination(runId: string, destinationId: string, health: DestinationHealth, reason?: string): void {
    this.#write(runId, () =>
      this.#deps.runs.addEvent(runId, {
        at: this.#deps.now(),
        kind: 'destination',
        to: health,
        reason: reason === undefined ? undefined : this.#redact(runId, reason),
        destinationId,
      }),
    );
  }

  /** A line of the run's timeline: stored in English and as its code, which the UI translates. */
  note(runId: string, message: EngineMessage): void {
    const text = this.#redactMessage(runId, message);
    this.#write(runId, () =>
      this.#deps.runs.addEvent(runId, { at: this.#deps.now(), kind: 'note', reason: englishOf(text), text }),
    );
  }

  /** Push every sample to clients; keep one per `RUN_HISTORY.statsEveryMs` in the database. */
  recordStats(runId: string, stats: RunStats): void {
    const liveId = this.#liveIdOf(runId);
    this.#deps.runs.addStats(runId, stats);
    this.#deps.events.emit('run.stats', { liveId, runId, stats });
  }

  /** Lines must already be redacted (the FFmpeg log ring redacts keys and passwords). */
  appendLog(runId: string, raw: readonly string[]): void {
    if (raw.length === 0) return;
    const liveId = this.#liveIdOf(runId);
    const lines = raw.map((line) => this.#redact(runId, line));
    transaction(this.#deps.db, () => this.#deps.runs.appendLog(runId, lines));
    this.#deps.events.emit('run.log', { liveId, runId, lines });
  }

  getRun(runId: string): Run | undefined {
    return this.#deps.runs.get(runId);
  }

  /** A page of a live's runs, newest first, after `after` (see RunStore.listForLive). */
  listRuns(liveId: string, limit: number, after?: RunSortKey): { run: Run; key: RunSortKey }[] {
    return this.#deps.runs.listForLive(liveId, limit, after);
  }

  /** A run with its history: events, kept statistics samples and the redacted log tail. */
  detail(run: Run): RunDetail {
    const { runs } = this.#deps;
    return { run, events: runs.events(run.id), stats: runs.stats(run.id), log: runs.logTail(run.id) };
  }

  /** Runs left open, with their lives: what a restarted engine must recover. */
  listOpenRuns(): OpenRun[] {
    return this.#deps.runs.listOpen().flatMap((run) => {
      const live = this.#deps.lives.get(run.liveId);
      return live ? [{ run, live: toLiveView(live) }] : [];
    });
  }

  #run(runId: string): Run {
    const run = this.#deps.runs.get(runId);
    if (!run) throw RpcError.of('NOT_FOUND', engineMessage('lives.runNotFound', { runId: runId.slice(0, 64) }));
    return run;
  }

  #redact(runId: string, text: string): string {
    const secrets = this.#secretsOf.get(runId);
    if (!secrets) return text;
    return secrets.reduce((out, secret) => out.split(secret).join(maskSecret(secret)), text);
  }

  #redactMessage(runId: string, message: EngineMessage): EngineMessage {
    const params = Object.fromEntries(
      Object.entries(message.params).map(([name, value]) => [
        name,
        typeof value === 'string' ? this.#redact(runId, value) : value,
      ]),
    );
    return { code: message.code, params };
  }

  #liveIdOf(runId: string): string {
    let liveId = this.#liveOf.get(runId);
    if (liveId === undefined) {
      liveId = this.#run(runId).liveId;
      this.#liveOf.set(runId, liveId);
      if (this.#liveOf.size > RECENT_RUNS) this.#liveOf.delete(this.#liveOf.keys().next().value ?? '');
    }
    return liveId;
  }

  #write(runId: string, work: () => void): void {
    transaction(this.#deps.db, () => {
      this.#run(runId);
      work();
    });
  }

  /** Going on air the first time in a run (not coming back from reconnecting), failing, ending. */
  #notify(run: Run, from: LiveState, to: LiveState, reason: string | undefined): void {
    const notices = this.#deps.notices;
    const live = notices ? this.#deps.lives.get(run.liveId) : undefined;
    if (!notices || !live) return;
    const base = { liveId: live.id, ownerId: live.ownerId, title: live.title };
    if (to === 'live' && from === 'starting') notices.emit({ ...base, kind: 'live.started' });
    else if (to === 'failed')
      notices.emit({ ...base, kind: 'live.failed', reason: reason ?? englishOf(engineMessage('runs.failed')) });
    else if (to === 'ended') notices.emit({ ...base, kind: 'live.ended' });
  }

  #emitLive(liveId: string): void {
    const live = this.#deps.lives.get(liveId);
    if (live) this.#deps.events.emit('live.updated', toLiveView(live));
  }
}
