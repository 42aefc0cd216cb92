import { RpcError } from '@shared/contract/errors';
import {
  DEFAULT_IF_SOURCE_UNREACHABLE,
  DEGRADED_RULE,
  type DestinationHealth,
  type Live,
  type LiveState,
  type Run,
} from '@shared/contract/lives';
import { isTerminal } from '@shared/lives/state-machine';
import type { FfmpegPaths } from '../../ffmpeg/ffmpeg-tools';
import type { OpenedChannel } from '../../iptv/ports';
import type { LiveRuntime, LiveRuntimeFactory, LiveRuntimeHost, OpenRun } from '../live-runtime';
import { openIptvSource } from './iptv-source';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import type { DegradedChange } from './degraded-watch';
import { ChildRecords, processStartTicks, reapLeftovers } from './child-records';
import { DEFAULT_STOP, type StopTimings } from './ffmpeg-child';
import type { PipelineHooks, PipelineSpec, PipelineTuning, StageRole } from './pipeline-spec';
import { HubPipeline } from './hub-pipeline';
import { applyOnAir } from './on-air-outputs';
import { createPipeline, processesNeeded, type Pipeline } from './pipeline';
import { ProcessSlots } from './process-slots';
import { prepareRunInputs } from './run-inputs';
import { measureHlsBitrateKbps } from '../../hls/hls-bitrate';
import { OverloadGate, type GateTicket } from './overload-gate';
import { PlaylistClock } from './playlist-clock';
import { RunReporter } from './run-reporter';
import { onTick } from './shared-ticker';
import { SourceRetryWatch } from './source-retry';
import { engineMessage, type EngineMessage } from '@shared/messages/engine-message';

export interface RestreamRuntimeOptions {
  /**
   * FFmpeg processes this engine may run at once, counted per process (a live with one enabled
   * output needs one in direct mode; otherwise one for its source plus one per enabled
   * destination). Lives that do not fit wait in `queued`.
   */
  maxProcesses?: number;
  /**
   * A live with exactly one output runs as ONE FFmpeg, source straight to the output (default
   * true). False sends every live through the hub (comparisons, tests). See docs/restream-engine.md.
   */
  directSingleOutput?: boolean;
  backoff?: Partial<BackoffOptions>;
  /** No progress for this long counts as a crash. */
  staleMs?: number;
  stopTimings?: StopTimings;
  /** Statistics sample period per live (CPU/RSS read from /proc, stored, pushed). Default 5 s. */
  statsEveryMs?: number;
  probeTimeoutMs?: number;
  /**
   * After the engine itself was killed: `interrupt` marks the open runs `interrupted` (the
   * streamer decides); `restart` also starts a new run of each. See docs/restream-engine.md.
   */
  recovery?: 'interrupt' | 'restart';
  /**
   * An ENCODING live asked to start while the machine is saturated: `warn` (default) starts it
   * with a note; `queue` keeps it in `queued` until the machine has room. See "Overload".
   */
  overload?: 'warn' | 'queue';
  /** The machine's load per core (1-minute load average ÷ cores); injectable for tests. */
  machineLoad?: () => number;
  /** Load per core from which the machine counts as saturated. Default 1. */
  saturatedLoad?: number;
}

export const DEFAULT_MAX_PROCESSES = 64;

interface ActiveRun {
  /** As last applied: destinations may change on air (`applyDestinations`). */
  live: Live;
  readonly run: Run;
  pipeline?: Pipeline;
  /** What the pipeline was built from (its outputs as they are now). */
  spec?: PipelineSpec;
  /** On-air destination changes, one after the other. */
  changing?: Promise<void>;
  reporter?: RunReporter;
  /** A network source's attempts until it is first reached (notes, give-up). */
  sourceWatch?: SourceRetryWatch;
  /** Every reconnection of this run so far (the run's `restarts`). */
  restarts: number;
  /** Periodic checks of this run (the source's give-up deadline, waiting for room). */
  stopTicks?: () => void;
  /** Set by stop()/close()/a terminal state: pipeline events are no longer journaled. */
  done: boolean;
  /** Aborted on stop: kills a probe still running (a source that never answers, or listens). */
  readonly preparing: AbortController;
  /** An IPTV channel source: its address for this run and the provider connection it holds. */
  readonly channel?: OpenedChannel | undefined;
}

/** The restream runtime (FFmpeg supervision) the lives module starts and stops lives with. */
export function restreamRuntime(options: RestreamRuntimeOptions = {}): LiveRuntimeFactory {
  return (host) => new RestreamRuntime(host, options);
}

class RestreamRuntime implements LiveRuntime {
  readonly #active = new Map<string, ActiveRun>();
  readonly #slots: ProcessSlots;
  readonly #records: ChildRecords;
  readonly #tuning: PipelineTuning;
  readonly #gate: OverloadGate;
  #closed = false;

  get #direct(): boolean {
    return this.options.directSingleOutput ?? true;
  }

  constructor(
    private readonly host: LiveRuntimeHost,
    private readonly options: RestreamRuntimeOptions,
  ) {
    this.#slots = new ProcessSlots(options.maxProcesses ?? DEFAULT_MAX_PROCESSES);
    this.#records = new ChildRecords(host.deps.db);
    this.#tuning = {
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      staleMs: options.staleMs ?? 20_000,
      stopTimings: options.stopTimings ?? DEFAULT_STOP,
    };
    this.#gate = new OverloadGate({
      mode: () => this.#overloadPolicy(),
      machineLoad: options.machineLoad,
      saturatedLoad: options.saturatedLoad ?? 1,
      slowLives: () => [...this.#active.values()].filter((e) => e.reporter?.degraded).length,
      now: host.deps.now,
    });
  }

  async start(live: Live, run: Run): Promise<void> {
    if (this.#closed) throw RpcError.of('UNAVAILABLE', engineMessage('lives.engineShuttingDown'));
    if (this.#active.has(live.id)) throw RpcError.of('CONFLICT', engineMessage('lives.alreadyRunning'));
    await this.#prepare();
    // A channel takes its provider connection now, so a full provider refuses the start itself.
    // Through the IPTV domain's port (read now: that module is built after this one).
    const channel =
      live.source.kind === 'iptvChannel' ? await openIptvSource(this.host.deps.ports.find('iptv'), live) : undefined;
    if (this.#active.has(live.id) || this.#closed) {
      channel?.lease.release();
      throw RpcError.of('CONFLICT', engineMessage('lives.alreadyRunning'));
    }
    const entry: ActiveRun = { live, run, restarts: 0, done: false, preparing: new AbortController(), channel };
    this.#active.set(live.id, entry);
    const need = processesNeeded(live.destinations.filter((d) => d.enabled).length, this.#direct);
    const granted = this.#slots.request(live.id, need, () => void this.#begin(entry));
    if (granted) void this.#begin(entry);
    else
      this.#journal(() =>
        this.host.journal.note(run.id, engineMessage('runs.waitingForSlot', { used: this.#slots.used, max: this.#slots.max })),
      );
  }

  async stop(liveId: string, reason: string): Promise<void> {
    const entry = this.#active.get(liveId);
    if (!entry) return;
    await this.#end(entry, 'ended', reason);
  }

  isRunning(liveId: string): boolean {
    return this.#active.has(liveId);
  }

  applyDestinations(live: Live): Promise<void> {
    const entry = this.#active.get(live.id);
    if (!entry) return Promise.resolve();
    const { deps, journal } = this.host;
    const change = (entry.changing ?? Promise.resolve()).then(() =>
      applyOnAir(entry, live, {
        slots: this.#slots,
        dataDir: deps.dataDir,
        readKey: (ref) => this.host.streamKeys.read(ref),
        urlPasswords: (liveId) => this.host.urlPasswords(liveId),
        outputRefusal: (outputId) => this.host.outputFeeds().refusal(live.ownerId, outputId),
        protect: (runId, secrets) => journal.protect(runId, secrets),
        note: (runId, text) => this.#journal(() => journal.note(runId, text)),
        hubFor: (spec) => new HubPipeline(spec, this.#tuning, this.#hooks(entry), deps.now),
      }),
    );
    entry.changing = change.catch(() => undefined);
    return change;
  }

  /**
   * After a killed engine: stop the FFmpeg groups it left (checked to be ours first), then close
   * its open runs as `interrupted` and, with `recovery: 'restart'`, start them again.
   */
  async recover(openRuns: readonly OpenRun[]): Promise<void> {
    await this.#prepare().catch((error: unknown) => this.host.deps.log('FFmpeg is not available', error));
    const reaped = await reapLeftovers(this.#records);
    if (reaped.length > 0) this.host.deps.log(`Stopped ${reaped.length} FFmpeg process(es) left by the previous engine.`);
    for (const { run, live } of openRuns) {
      this.#journal(() => this.host.journal.markInterrupted(run.id, engineMessage('runs.engineStopped')));
      if (this.options.recovery !== 'restart' || run.state === 'stopping') continue;
      try {
        const next = this.host.journal.open(live.id);
        this.#journal(() => this.host.journal.note(next.id, engineMessage('runs.restartedAfterRecovery')));
        await this.start(live, next);
      } catch (error) {
        this.host.deps.log(`Could not restart live ${live.id} after recovery`, error);
      }
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(
      [...this.#active.values()].map((entry) => this.#end(entry, 'interrupted', engineMessage('runs.engineShutDown'))),
    );
  }

  /** The admin's saved setting, else this runtime's default (the host's flag or option). */
  #overloadPolicy(): 'warn' | 'queue' {
    return this.host.overloadPolicy?.() ?? this.options.overload ?? 'warn';
  }

  /** Where FFmpeg is (UNAVAILABLE, saying how to install it, when it is missing). */
  #prepare(): Promise<FfmpegPaths> {
    return this.host.deps.ffmpeg.paths();
  }

  async #begin(entry: ActiveRun): Promise<void> {
    if (entry.done) return;
    const { live, run } = entry;
    // Queuing on overload needs the plan (is it encoding?) before the run may show `starting`.
    const queueOnOverload = this.#overloadPolicy() === 'queue';
    if (!queueOnOverload) this.#transition(entry, 'starting');
    let inputs;
    try {
      const tools = await this.#prepare();
      inputs = await prepareRunInputs(live, {
        ffmpegPath: tools.ffmpeg,
        ffmpeg: this.host.deps.ffmpeg,
        dataDir: this.host.deps.dataDir,
        readKey: (ref) => this.host.streamKeys.read(ref),
        probeTimeoutMs: this.options.probeTimeoutMs ?? 15_000,
        signal: entry.preparing.signal,
        readUrlPasswords: () => this.host.urlPasswords(live.id),
        outputRefusal: (outputId) => this.host.outputFeeds().refusal(live.ownerId, outputId),
        ...(entry.channel ? { iptvChannel: entry.channel } : {}),
      });
    } catch (error) {
      const reason = error instanceof RpcError ? (error.text ?? error.message) : engineMessage('runs.prepareFailed');
      if (!(error instanceof RpcError)) this.host.deps.log(`Preparing live ${live.id} failed`, error);
      return void (await this.#end(entry, 'failed', reason));
    }
    if (entry.done) return;
    const encodes = inputs.plan.video.action === 'encode';
    if (encodes && !(await this.#gate.pass(this.#ticket(entry)))) return;
    this.#transition(entry, 'starting');
    // Each reason is a catalog sentence: the UI translates the list part by part.
    const plan = inputs.plan.reasons.length
      ? engineMessage('runs.encoding', { reasons: inputs.plan.reasons.join('; ') })
      : engineMessage('runs.passthrough');
    this.#journal(() => this.host.journal.note(run.id, plan));
    this.#watchSource(entry);
    try {
      entry.spec = inputs.spec;
      entry.pipeline = createPipeline(inputs.spec, this.#tuning, this.#hooks(entry), this.host.deps.now, this.#direct);
      const statsEveryMs = this.options.statsEveryMs ?? 5000;
      // A lone HLS writer reports no bitrate (separate segment files): measure its segments instead.
      const [only] = inputs.spec.outputs;
      const hlsDir = inputs.spec.outputs.length === 1 && only?.kind === 'hls' ? only.dir : undefined;
      entry.reporter = new RunReporter({
        runId: run.id,
        pipeline: () => entry.pipeline,
        journal: this.host.journal,
        statsEveryMs,
        now: this.host.deps.now,
        log: this.host.deps.log,
        fallbackBitrateKbps: hlsDir ? () => measureHlsBitrateKbps(hlsDir) : undefined,
        restarts: () => entry.restarts,
        sourceRetry: (now) => entry.sourceWatch?.snapshot(now),
        onHealth: (change) => this.#onHealth(entry, change),
        playlist: inputs.playlistFiles ? new PlaylistClock(inputs.playlistFiles, live.loop) : undefined,
      });
      entry.pipeline.start();
    } catch (error) {
      this.host.deps.log(`Starting live ${live.id} failed`, error);
      await this.#end(entry, 'failed', engineMessage('runs.setupFailed'));
    }
  }

  /** How a live waits at the overload gate: its notes, its stop. */
  #ticket(entry: ActiveRun): GateTicket {
    return {
      note: (text) => this.#journal(() => this.host.journal.note(entry.run.id, text)),
      done: () => entry.done,
      onWait: (stop) => (entry.stopTicks = stop),
    };
  }

  /** A network source gets its attempts counted and, per its `ifUnreachable`, a deadline. */
  #watchSource(entry: ActiveRun): void {
    const source = entry.live.source;
    if (source.kind !== 'url' && source.kind !== 'iptvChannel') return;
    const policy = source.ifUnreachable ?? DEFAULT_IF_SOURCE_UNREACHABLE;
    const watch = new SourceRetryWatch(policy, this.host.deps.now());
    entry.sourceWatch = watch;
    if (policy.kind === 'keepTrying') return;
    entry.stopTicks = onTick(() => {
      const reason = watch.expired(this.host.deps.now());
      if (reason && !entry.done) void this.#end(entry, 'failed', reason);
    });
  }

  /** Speed below real time for the rule's period (or back): a note, a notice, and the stats' health. */
  #onHealth(entry: ActiveRun, change: DegradedChange): void {
    const { live, run } = entry;
    const speed = `${change.speed.toFixed(2)}×`;
    if (change.kind === 'recovered') {
      this.#journal(() => this.host.journal.note(run.id, engineMessage('runs.backToRealTime', { speed })));
      return;
    }
    const seconds = Math.round(DEGRADED_RULE.forMs / 1000);
    this.#journal(() => this.host.journal.note(run.id, engineMessage('runs.degraded', { speed, seconds })));
    this.host.deps.notices.emit({
      kind: 'live.degraded',
      liveId: live.id,
      ownerId: live.ownerId,
      title: live.title,
      speed: Math.round(change.speed * 100) / 100,
    });
  }

  #hooks(entry: ActiveRun): PipelineHooks {
    const { run } = entry;
    const labelOf = (role: StageRole): string =>
      role.kind === 'source' ? 'source' : (entry.live.destinations.find((d) => d.id === role.outputId)?.name ?? role.outputId);
    return {
      state: (state, reason) => {
        if (entry.done) return;
        if (state === 'live') entry.sourceWatch?.reach();
        entry.reporter?.sampleSoon(); // figures that agree with the new state
        if (state === 'failed' || state === 'ended') void this.#end(entry, state, reason);
        else this.#transition(entry, state, reason);
      },
      destination: (id, health, reason) => {
        if (entry.done || health === 'ended' || health === 'stopped') return;
        entry.reporter?.sampleSoon();
        this.#journal(() => {
          this.host.journal.recordDestination(run.id, id, health satisfies DestinationHealth, reason);
          if (health === 'failed' && reason) this.host.journal.recordFailure(run.id, reason, id);
        });
      },
      restarting: (role, reason, delayMs) => {
        if (entry.done) return;
        entry.restarts += 1;
        this.#journal(() => this.host.journal.recordRestart(run.id, reason));
        if (role.kind !== 'source' || !entry.sourceWatch) return;
        const attempt = entry.sourceWatch.failed(this.host.deps.now(), reason, delayMs);
        if (attempt && 'note' in attempt) this.#journal(() => this.host.journal.note(run.id, attempt.note));
        if (attempt && 'giveUp' in attempt) void this.#end(entry, 'failed', attempt.giveUp);
        entry.reporter?.sampleSoon();
      },
      spawned: (role, child) => {
        const pid = child.pid;
        const record = {
          pid,
          pgid: pid,
          startTicks: processStartTicks(pid),
          liveId: entry.live.id,
          runId: run.id,
          role: labelOf(role),
        };
        this.#journal(() => this.#records.add(record));
      },
      exited: (role, child, exit) => {
        this.#journal(() => this.#records.remove(child.pid));
        if (role.kind === 'source') entry.reporter?.sourceEnded();
        const status = exit.signal ? `signal ${exit.signal}` : `code ${String(exit.code)}`;
        entry.reporter?.line(labelOf(role), `FFmpeg ${child.pid} ended by ${exit.endedBy} (${status})`);
      },
      progress: (role, progress) => {
        if (role.kind === 'source') entry.reporter?.sourceProgress(progress);
      },
      line: (role, line) => entry.reporter?.line(labelOf(role), line),
    };
  }

  /** Stop the pipeline (gracefully), free its slots and close the run in `state`. */
  async #end(
    entry: ActiveRun,
    state: 'ended' | 'failed' | 'interrupted',
    reason: string | EngineMessage | undefined,
  ): Promise<void> {
    if (entry.done) return;
    entry.done = true;
    entry.preparing.abort();
    entry.stopTicks?.();
    try {
      await entry.pipeline?.stop();
    } finally {
      entry.reporter?.close();
      entry.channel?.lease.release();
      this.#slots.release(entry.live.id);
      if (this.#active.get(entry.live.id) === entry) this.#active.delete(entry.live.id);
      this.#transition(entry, state, reason, true);
    }
  }

  #transition(entry: ActiveRun, to: LiveState, reason?: string | EngineMessage, force = false): void {
    if (entry.done && !force) return;
    this.#journal(() => {
      const current = this.host.journal.getRun(entry.run.id);
      if (!current || isTerminal(current.state)) return;
      this.host.journal.transition(entry.run.id, to, reason);
    });
  }

  /** A journal write must never take the supervision down (e.g. the live was deleted). */
  #journal(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.host.deps.log('Recording restream activity failed', error);
    }
  }
}
