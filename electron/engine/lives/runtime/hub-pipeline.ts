import { mkdirSync, rmSync } from 'node:fs';
import { Backoff } from './backoff';
import { FfmpegChild } from './ffmpeg-child';
import { fatalReason } from './failure-reason';
import type { Pipeline } from './pipeline';
import type { PipelineHooks, PipelineOutput, PipelineSpec, PipelineState, PipelineTuning, StageRole } from './pipeline-spec';
import { SupervisedStage, type StageHealth } from './supervised-stage';
import { TsHub } from './ts-hub';

/**
 * The hub's MPEG-TS may gain streams at any time, so FFmpeg would otherwise read 5 s of it
 * before starting an output. Started with the source, an output sees its first bytes (tables
 * and a keyframe): half a second of probing is plenty.
 */
export const HUB_INPUT_PROBE: readonly string[] = ['-analyzeduration', '500000', '-probesize', '500000'];
/** An output restarting alone joins mid-stream: it must wait for the next keyframe (≤ 2 s GOP). */
export const HUB_INPUT_PROBE_JOINING: readonly string[] = ['-analyzeduration', '3000000', '-probesize', '5000000'];

/**
 * The hub pipeline of a live with two outputs or more: a source stage feeding a hub that fans its MPEG-TS out to one FFmpeg per
 * output. Outputs fail and restart on their own; when the source restarts, every output is
 * restarted too, since timestamps start over.
 */
export class HubPipeline implements Pipeline {
  readonly mode = 'hub';
  readonly #hub: TsHub;
  /** The keys masked in every FFmpeg line: the spec's, and those of outputs added on air. */
  readonly #secrets: string[];
  readonly #source: SupervisedStage;
  readonly #outputs = new Map<string, { spec: PipelineOutput; stage: SupervisedStage }>();
  #state: PipelineState = 'starting';
  #stopped = false;

  constructor(
    private readonly spec: PipelineSpec,
    private readonly tuning: PipelineTuning,
    private readonly hooks: PipelineHooks,
    private readonly now: () => number = Date.now,
  ) {
    this.#hub = new TsHub(tuning.hubBoundBytes);
    this.#secrets = [...spec.secrets];
    const sourceRole: StageRole = { kind: 'source' };
    this.#source = new SupervisedStage({
      label: 'Source',
      launch: (wiring) =>
        new FfmpegChild({
          ffmpegPath: spec.ffmpegPath,
          args: spec.sourceArgs,
          stdin: 'control',
          stdout: 'media',
          secrets: this.#secrets,
          label: `${spec.label} source`,
          ...wiring,
        }),
      backoff: new Backoff(tuning.backoff),
      staleMs: tuning.staleMs,
      stopTimings: tuning.stopTimings,
      classify: (tail, code, progressed) => fatalReason('source', 'the source', tail, code, progressed),
      cleanExitEnds: true,
      // Fresh outputs before the source comes back: they get its first bytes (PAT/PMT, a
      // keyframe) and timestamps that start over, instead of joining mid-stream.
      beforeRespawn: () => this.#restartOutputs(),
      now,
      hooks: {
        spawned: (child) => this.#onSourceSpawned(child),
        exited: (child, exit) => hooks.exited(sourceRole, child, exit),
        // The end of the media ends the live: the supervisor then stops the outputs, each by
        // closing its input, so they flush and exit cleanly.
        health: () => this.#recompute(),
        restarting: (reason, delay) => hooks.restarting(sourceRole, reason, delay),
        progress: (p) => hooks.progress(sourceRole, p),
        line: (l) => hooks.line(sourceRole, l),
      },
    });
    for (const output of spec.outputs) this.#outputs.set(output.id, { spec: output, stage: this.#outputStage(output) });
  }

  get state(): PipelineState {
    return this.#state;
  }

  /** Every FFmpeg this live needs at once: the source and one per output. */
  get processCount(): number {
    return 1 + this.#outputs.size;
  }

  outputIds(): string[] {
    return [...this.#outputs.keys()];
  }

  /**
   * Send to one more destination while on air: its own FFmpeg joins the hub's stream at the next
   * keyframe; the source and the other outputs are not touched.
   */
  addOutput(output: PipelineOutput, secrets: readonly string[] = []): void {
    if (this.#stopped || this.#outputs.has(output.id)) return;
    this.#secrets.push(...secrets);
    if (output.dir) mkdirSync(output.dir, { recursive: true });
    const stage = this.#outputStage(output);
    this.#outputs.set(output.id, { spec: output, stage });
    stage.start();
  }

  /** Stop sending to one destination (its FFmpeg finishes cleanly); the others carry on. */
  async removeOutput(id: string): Promise<void> {
    const entry = this.#outputs.get(id);
    if (!entry) return;
    this.#outputs.delete(id);
    await entry.stage.stop(this.tuning.stopTimings);
    this.#hub.detach(id);
    this.#recompute();
  }

  /** Each output's health, with the reason while it is retrying or failed. */
  destinationHealth(): { id: string; health: StageHealth; reason?: string }[] {
    return [...this.#outputs.values()].map(({ spec, stage }) => {
      const troubled = stage.health === 'retrying' || stage.health === 'failed';
      return troubled && stage.lastReason
        ? { id: spec.id, health: stage.health, reason: stage.lastReason }
        : { id: spec.id, health: stage.health };
    });
  }

  /** FFmpeg spawns so far, per stage (source under "source"). */
  spawnCounts(): Record<string, number> {
    const counts: Record<string, number> = { source: this.#source.spawns };
    for (const [id, { stage }] of this.#outputs) counts[id] = stage.spawns;
    return counts;
  }

  /** The FFmpeg processes running now (stats, tests). */
  children(): { role: StageRole; child: FfmpegChild }[] {
    const list: { role: StageRole; child: FfmpegChild }[] = [];
    if (this.#source.child) list.push({ role: { kind: 'source' }, child: this.#source.child });
    for (const [id, { stage }] of this.#outputs)
      if (stage.child) list.push({ role: { kind: 'output', outputId: id }, child: stage.child });
    return list;
  }

  start(): void {
    for (const { spec } of this.#outputs.values()) {
      if (!spec.dir) continue;
      // A new run starts with an empty preview folder: no playlist of the previous run to replay.
      rmSync(spec.dir, { recursive: true, force: true });
      mkdirSync(spec.dir, { recursive: true });
    }
    // Outputs first, so they are ready to take the source's first bytes.
    for (const { stage } of this.#outputs.values()) stage.start();
    this.#source.start();
  }

  /** Graceful: the source finishes (`q`), its end of stream flushes the outputs, then they stop. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#source.stop(this.tuning.stopTimings);
    // Each output's own stop closes its input (end of input: it flushes and exits with 0).
    await Promise.all([...this.#outputs.values()].map(({ stage }) => stage.stop(this.tuning.stopTimings)));
  }

  #outputStage(output: PipelineOutput): SupervisedStage {
    const role: StageRole = { kind: 'output', outputId: output.id };
    return new SupervisedStage({
      label: output.label,
      launch: (wiring) =>
        new FfmpegChild({
          ffmpegPath: this.spec.ffmpegPath,
          args: [...(this.#source.health === 'live' ? HUB_INPUT_PROBE_JOINING : HUB_INPUT_PROBE), ...output.args],
          stdin: 'media',
          stdout: 'ignore',
          secrets: this.#secrets,
          label: `${this.spec.label} → ${output.label}`,
          ...wiring,
        }),
      backoff: new Backoff(this.tuning.backoff),
      staleMs: this.tuning.staleMs,
      staleCheckActive: () => this.#source.health === 'live',
      stopTimings: this.tuning.stopTimings,
      classify: (tail, code, progressed) =>
        output.kind === 'push' ? fatalReason('output', output.label, tail, code, progressed) : undefined,
      cleanExitEnds: true,
      now: this.now,
      hooks: {
        spawned: (child) => {
          if (child.input) this.#hub.attach(output.id, child.input);
          this.hooks.spawned(role, child);
        },
        exited: (child, exit) => {
          this.#hub.detach(output.id);
          this.hooks.exited(role, child, exit);
        },
        health: (health, reason) => {
          this.hooks.destination(output.id, health, reason);
          this.#recompute();
        },
        restarting: (reason, delay) => this.hooks.restarting(role, reason, delay),
        progress: (p) => this.hooks.progress(role, p),
        line: (l) => this.hooks.line(role, l),
      },
    });
  }

  #onSourceSpawned(child: FfmpegChild): void {
    child.output?.on('data', (chunk: Buffer) => this.#hub.write(chunk));
    this.hooks.spawned({ kind: 'source' }, child);
  }

  async #restartOutputs(): Promise<void> {
    const alive = [...this.#outputs.values()].filter(({ stage }) => stage.health !== 'failed');
    await Promise.all(alive.map(({ stage }) => stage.restartNow()));
  }

  /** live = the source produces and at least one push destination (or the lone HLS output) advances. */
  #recompute(): void {
    if (this.#stopped) return;
    const outputs = [...this.#outputs.values()];
    const counted = outputs.some(({ spec }) => spec.kind === 'push')
      ? outputs.filter(({ spec }) => spec.kind === 'push')
      : outputs;
    const source = this.#source.health;
    let next: PipelineState;
    let reason: string | undefined;
    if (source === 'failed') {
      next = 'failed';
      reason = this.#sourceReason ?? 'The source failed.';
    } else if (source === 'ended') {
      next = 'ended';
      reason = 'The source reached its end.';
    } else if (counted.length > 0 && counted.every(({ stage }) => stage.health === 'failed')) {
      next = 'failed';
      reason =
        counted
          .map(({ stage }) => stage.lastReason)
          .filter(Boolean)
          .join(' ') || 'Every destination failed.';
    } else if (source === 'live' && counted.some(({ stage }) => stage.health === 'live')) {
      next = 'live';
    } else {
      next = this.#state === 'starting' ? 'starting' : 'reconnecting';
    }
    if (next === this.#state) return;
    if (this.#state === 'failed' || this.#state === 'ended') return;
    this.#state = next;
    this.hooks.state(next, reason);
  }

  get #sourceReason(): string | undefined {
    return this.#source.lastReason;
  }
}
