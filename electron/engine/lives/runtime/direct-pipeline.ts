import { mkdirSync, rmSync } from 'node:fs';
import { playsLeft, resumePoint, wholePlaysPerResume, type ResumePoint } from '@shared/ffmpeg/stage-args';
import { Backoff } from './backoff';
import { FfmpegChild } from './ffmpeg-child';
import { fatalReason } from './failure-reason';
import type { DirectSpec, PipelineHooks, PipelineSpec, PipelineState, PipelineTuning, StageRole } from './pipeline-spec';
import type { Pipeline } from './pipeline';
import { SupervisedStage, type StageHealth } from './supervised-stage';

/**
 * A live with ONE output as ONE FFmpeg: it reads the source and writes straight to the output,
 * so no byte crosses the engine. The price: the output and the source share a process, so an
 * output failure restarts the reading too; a file or playlist then resumes where it was (input
 * `-ss`, or a concat list with an `inpoint`) instead of replaying from the start.
 */
export class DirectPipeline implements Pipeline {
  readonly mode = 'direct';
  readonly #stage: SupervisedStage;
  #state: PipelineState = 'starting';
  #stopped = false;
  /** Seconds of media sent by the processes before the current one. */
  #playedBeforeSec = 0;
  /** The current process's output clock, in seconds. */
  #currentOutSec = 0;
  /** The current process resumed a looping source mid-play (the rest of it, then some whole plays). */
  #partialPlay = false;

  constructor(
    private readonly direct: DirectSpec,
    spec: PipelineSpec,
    private readonly tuning: PipelineTuning,
    hooks: PipelineHooks,
    now: () => number = Date.now,
  ) {
    // One process plays both parts; logs and statistics file it under the source, as before.
    const role: StageRole = { kind: 'source' };
    const output = direct.output;
    this.#stage = new SupervisedStage({
      label: output.label,
      launch: (wiring) =>
        new FfmpegChild({
          ffmpegPath: spec.ffmpegPath,
          args: direct.argsAt(this.#nextResume()),
          stdin: 'control',
          stdout: 'ignore',
          secrets: spec.secrets,
          label: `${spec.label} → ${output.label}`,
          ...wiring,
        }),
      backoff: new Backoff(tuning.backoff),
      staleMs: tuning.staleMs,
      stopTimings: tuning.stopTimings,
      classify: (tail, code, progressed) => this.#classify(tail, code, progressed),
      cleanExitEnds: true,
      continueAfterEnd: () => this.#continueAfterPartialPlay(),
      now,
      hooks: {
        spawned: (child) => hooks.spawned(role, child),
        exited: (child, exit) => hooks.exited(role, child, exit),
        health: (health, reason) => {
          hooks.destination(output.id, health, reason);
          this.#recompute(health, hooks);
        },
        restarting: (reason, delay) => {
          const blamed = this.#blame(reason);
          // The stage speaks as the output; a failure of the source is said to be the source's.
          const prefix = `${output.label}: `;
          const said = blamed.kind === 'source' && reason.startsWith(prefix) ? `Source: ${reason.slice(prefix.length)}` : reason;
          hooks.restarting(blamed, said, delay);
        },
        progress: (progress) => {
          if (progress.outTimeUs !== null && progress.outTimeUs > 0)
            this.#currentOutSec = Math.max(this.#currentOutSec, progress.outTimeUs / 1_000_000);
          hooks.progress(role, progress);
        },
        line: (line) => hooks.line(role, line),
      },
    });
  }

  get state(): PipelineState {
    return this.#state;
  }

  /** One FFmpeg for the whole live. */
  get processCount(): number {
    return 1;
  }

  outputIds(): string[] {
    return [this.direct.output.id];
  }

  /**
   * Stop, and say where the source was: the hub that takes over on air (a second destination
   * was turned on) reads on from there instead of from the beginning.
   */
  async handOver(): Promise<ResumePoint | undefined> {
    await this.stop();
    return this.#nextResume();
  }

  destinationHealth(): { id: string; health: StageHealth; reason?: string }[] {
    const { health, lastReason } = this.#stage;
    const troubled = health === 'retrying' || health === 'failed';
    return [
      troubled && lastReason ? { id: this.direct.output.id, health, reason: lastReason } : { id: this.direct.output.id, health },
    ];
  }

  /** The one process counts for the source and for its output. */
  spawnCounts(): Record<string, number> {
    return { source: this.#stage.spawns, [this.direct.output.id]: this.#stage.spawns };
  }

  children(): { role: StageRole; child: FfmpegChild }[] {
    const child = this.#stage.child;
    return child ? [{ role: { kind: 'source' }, child }] : [];
  }

  start(): void {
    const { dir } = this.direct.output;
    if (dir) {
      // A new run starts with an empty preview folder: no playlist of the previous run to replay.
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
    }
    this.#stage.start();
  }

  /** Graceful: FFmpeg finishes on `q`, flushing the output (FLV trailer, last HLS segment). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#stage.stop(this.tuning.stopTimings);
  }

  /** Called at each spawn: the first starts at the beginning, a restart where the last one was. */
  #nextResume(): ResumePoint | undefined {
    this.#playedBeforeSec += this.#currentOutSec;
    this.#currentOutSec = 0;
    this.#partialPlay = false;
    const resume = this.direct.resume;
    if (!resume || this.#playedBeforeSec <= 0) return undefined;
    const chain = resume.durationSec ? wholePlaysPerResume(resume.durationSec, resume.files) : 0;
    const point = resumePoint(this.#playedBeforeSec, resume.durationSec, resume.loop, chain);
    this.#partialPlay = resume.loop.kind !== 'once' && point.startAtSec > 0;
    return point;
  }

  /**
   * A resumed looping source finished the plays its process had (the rest of one, then the whole
   * plays chained after it): the plays left (if any) start from the beginning in a new FFmpeg —
   * a reconnection of the output, so it is reported (and counted) as a restart. The count snaps
   * to whole plays, since the seek landed on a keyframe slightly before the asked position.
   */
  #continueAfterPartialPlay(): string | undefined {
    const resume = this.direct.resume;
    if (!this.#partialPlay || !resume?.durationSec) return undefined;
    const played = this.#playedBeforeSec + this.#currentOutSec;
    this.#playedBeforeSec = Math.round(played / resume.durationSec) * resume.durationSec;
    this.#currentOutSec = 0;
    if (playsLeft(this.#playedBeforeSec, resume.durationSec, resume.loop) < 1) return undefined;
    return `${this.direct.output.label}: the resumed plays are done; the next ones start afresh (the output reconnects)`;
  }

  /**
   * Whose failure a restart is, from the hosts its reason names (the last stderr line keeps
   * them, redacted): the destination's, or else the source's. The one process plays both parts.
   */
  #blame(reason: string): StageRole {
    const { sourceHost, outputHost, output } = this.direct;
    if (sourceHost && reason.includes(sourceHost)) return { kind: 'source' };
    if (outputHost && reason.includes(outputHost)) return { kind: 'output', outputId: output.id };
    return { kind: 'source' };
  }

  /** The output's verdict first (a refused key), then the source's (a missing file). */
  #classify(tail: readonly string[], code: number | null, progressed: boolean): string | undefined {
    const { output, sourceHost } = this.direct;
    if (output.kind === 'push') {
      // An RTMP source's own "rtmp://…: Input/output error" must not pass for a refused key. A
      // destination on the source's host is then retried rather than failed: the safe side.
      const outputTail = sourceHost ? tail.filter((line) => !line.includes(sourceHost)) : tail;
      const refused = fatalReason('output', output.label, outputTail, code, progressed);
      if (refused) return refused;
    }
    return fatalReason('source', 'the source', tail, code, progressed);
  }

  #recompute(health: StageHealth, hooks: PipelineHooks): void {
    if (this.#stopped) return;
    let next: PipelineState;
    let reason: string | undefined;
    if (health === 'failed') {
      next = 'failed';
      reason = this.#stage.lastReason ?? 'The live failed.';
    } else if (health === 'ended') {
      next = 'ended';
      reason = 'The source reached its end.';
    } else if (health === 'live') {
      next = 'live';
    } else if (health === 'stopped') {
      return;
    } else {
      next = this.#state === 'starting' ? 'starting' : 'reconnecting';
    }
    if (next === this.#state || this.#state === 'failed' || this.#state === 'ended') return;
    this.#state = next;
    hooks.state(next, reason);
  }
}
