import type { FfmpegProgress } from '@shared/ffmpeg/progress';
import type { Backoff } from './backoff';
import { onTick } from './shared-ticker';
import { DEFAULT_STOP, type FfmpegChild, type FfmpegExit, type StopTimings } from './ffmpeg-child';

/** connecting/live/retrying/failed as the contract's DestinationHealth; ended/stopped are final. */
export type StageHealth = 'connecting' | 'live' | 'retrying' | 'failed' | 'ended' | 'stopped';

export interface StageHooks {
  health?(health: StageHealth, reason: string | undefined): void;
  /** A new FFmpeg runs (record its pid, plug it into the hub). */
  spawned?(child: FfmpegChild): void;
  exited?(child: FfmpegChild, exit: FfmpegExit): void;
  /** A crash will be retried after `delayMs`. */
  restarting?(reason: string, delayMs: number): void;
  progress?(progress: FfmpegProgress): void;
  line?(line: string): void;
}

export interface StageOptions {
  /** For messages: "source", "YouTube", "HLS preview". */
  label: string;
  /** Start one FFmpeg wired to these callbacks (the stage routes them to the right process). */
  launch: (wiring: StageWiring) => FfmpegChild;
  backoff: Backoff;
  /** No progress for this long counts as a crash. */
  staleMs: number;
  /** How long a fresh FFmpeg may take to show its first progress (default 15 s, at least staleMs). */
  startupGraceMs?: number;
  /** While false (the source is down), an output is waiting for data, not stale. */
  staleCheckActive?: () => boolean;
  stopTimings?: StopTimings;
  /** A fatal reason in a streamer's words (no retry), or undefined to retry with backoff. */
  classify: (tail: readonly string[], exitCode: number | null, progressed: boolean) => string | undefined;
  /** Exit code 0 is the end of the media (source) or of the input (output), not a crash. */
  cleanExitEnds: boolean;
  /**
   * Asked on a clean exit: a reason starts the next FFmpeg at once instead of ending (a resumed
   * looping file finished the plays its process had; the following ones start afresh). Not a
   * crash, but the output reconnects: reported through `restarting` (delay 0) so it is counted.
   */
  continueAfterEnd?: () => string | undefined;
  /** Awaited before each restart after a crash (the source restarts its outputs first). */
  beforeRespawn?: () => Promise<void>;
  now: () => number;
  hooks: StageHooks;
}

export interface StageWiring {
  onProgress: (progress: FfmpegProgress) => void;
  onStderrLine: (line: string) => void;
}

const TAIL_LINES = 30;
const STARTUP_GRACE_MS = 15_000;

/**
 * One FFmpeg kept alive: spawn, watch its progress, call it live only when its output
 * really advances, restart it after a crash or a stall with backoff, give up on fatal errors.
 */
export class SupervisedStage {
  #child: FfmpegChild | undefined;
  #health: StageHealth = 'connecting';
  #stopping = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #stopStaleChecks: (() => void) | undefined;
  #lastAdvanceAt = 0;
  #lastSize = -1;
  #lastOutTime = -1;
  /** The first figures this process reported with something written: live is measured from them. */
  #firstMark: { size: number; outTime: number } | undefined;
  #progressed = false;
  #staleKill = false;
  #tail: string[] = [];
  #spawns = 0;
  #lastReason: string | undefined;

  constructor(private readonly options: StageOptions) {}

  get health(): StageHealth {
    return this.#health;
  }

  /** Why it last failed or is retrying. */
  get lastReason(): string | undefined {
    return this.#lastReason;
  }

  get child(): FfmpegChild | undefined {
    return this.#child;
  }

  /** FFmpeg processes started so far (first start + restarts). */
  get spawns(): number {
    return this.#spawns;
  }

  start(): void {
    this.#stopping = false;
    this.#spawn();
    this.#stopStaleChecks = onTick(() => this.#checkStale());
  }

  /** Treat "now" as progress (the source just came back: outputs get a fresh allowance). */
  touch(): void {
    this.#lastAdvanceAt = this.options.now();
  }

  /** Restart at once without counting a crash (the source restarted: timestamps reset). */
  async restartNow(): Promise<void> {
    if (this.#stopping) return;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const child = this.#child;
    this.#child = undefined;
    if (child) await child.stop({ finishMs: 300, termMs: 1000 });
    if (!this.#stopping && this.#health !== 'failed') this.#spawn();
  }

  async stop(timings: StopTimings = this.options.stopTimings ?? DEFAULT_STOP): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#retryTimer);
    this.#stopStaleChecks?.();
    const child = this.#child;
    if (child) await child.stop(timings);
    if (this.#health !== 'failed' && this.#health !== 'ended') this.#setHealth('stopped', undefined);
  }

  #spawn(): void {
    this.#progressed = false;
    this.#staleKill = false;
    this.#lastSize = -1;
    this.#lastOutTime = -1;
    this.#firstMark = undefined;
    this.#lastAdvanceAt = this.options.now();
    this.#tail = [];
    this.#spawns += 1;
    this.#setHealth(this.#health === 'retrying' ? 'retrying' : 'connecting', undefined);
    // The callbacks fire only after launch returns, once `spawned.child` is set.
    const spawned: { child?: FfmpegChild } = {};
    let child: FfmpegChild;
    try {
      child = this.options.launch({
        onProgress: (progress) => spawned.child && this.#onProgress(spawned.child, progress),
        onStderrLine: (line) => spawned.child && this.#onLine(spawned.child, line),
      });
    } catch (error) {
      // The binary vanished or the system is out of processes: retry like a crash.
      const why = error instanceof Error ? error.message : String(error);
      return this.#retry(`${this.options.label}: FFmpeg could not start (${why})`);
    }
    spawned.child = child;
    this.#child = child;
    this.options.hooks.spawned?.(child);
    void child.exited.then((exit) => this.#onExit(child, exit));
  }

  #onProgress(child: FfmpegChild, progress: FfmpegProgress): void {
    if (child !== this.#child) return;
    const size = progress.totalSizeBytes ?? -1;
    const outTime = progress.outTimeUs ?? -1;
    // Real output progress: bytes written or output clock moving, not merely "spawned".
    if (size > this.#lastSize || outTime > this.#lastOutTime) {
      if (size > 0 || outTime > 0) {
        this.#lastAdvanceAt = this.options.now();
        if (!this.#progressed && this.#receives(size, outTime)) {
          this.#progressed = true;
          this.options.backoff.live(this.options.now());
          this.#setHealth('live', undefined);
        }
      }
      this.#lastSize = Math.max(size, this.#lastSize);
      this.#lastOutTime = Math.max(outTime, this.#lastOutTime);
    }
    this.options.hooks.progress?.(progress);
  }

  /**
   * The output really receives: its media clock (or, where FFmpeg reports none, its byte count)
   * moved on since the first report that showed anything written. One report alone may be no
   * more than a header written on connection, with nothing flowing after it.
   */
  #receives(size: number, outTime: number): boolean {
    const first = this.#firstMark;
    if (!first) {
      this.#firstMark = { size, outTime };
      return false;
    }
    return first.outTime > 0 || outTime > 0 ? outTime > Math.max(0, first.outTime) : size > first.size;
  }

  #onLine(child: FfmpegChild, line: string): void {
    if (child !== this.#child) return;
    this.#tail.push(line);
    if (this.#tail.length > TAIL_LINES) this.#tail.shift();
    this.options.hooks.line?.(line);
  }

  #checkStale(): void {
    const child = this.#child;
    if (!child?.running || this.#stopping) return;
    if (this.options.staleCheckActive && !this.options.staleCheckActive()) {
      this.touch();
      return;
    }
    // Before its first progress an FFmpeg may still be probing its input or connecting.
    const allowance = this.#progressed
      ? this.options.staleMs
      : Math.max(this.options.staleMs, this.options.startupGraceMs ?? STARTUP_GRACE_MS);
    if (this.options.now() - this.#lastAdvanceAt < allowance) return;
    this.#staleKill = true;
    child.kill();
  }

  #onExit(child: FfmpegChild, exit: FfmpegExit): void {
    this.options.hooks.exited?.(child, exit);
    if (child !== this.#child) return; // replaced by restartNow
    this.#child = undefined;
    if (this.#stopping) return;
    if (this.#staleKill)
      return this.#retry(`${this.options.label}: no progress for ${Math.round(this.options.staleMs / 1000)} s`);
    if (exit.requested) return;
    if (exit.code === 0 && this.options.cleanExitEnds) {
      const next = this.options.continueAfterEnd?.();
      if (next === undefined) return this.#setHealth('ended', undefined);
      this.options.hooks.restarting?.(next, 0);
      return this.#spawn();
    }
    const fatal = this.options.classify(this.#tail, exit.code, this.#progressed);
    if (fatal) {
      this.#stopStaleChecks?.();
      return this.#setHealth('failed', fatal);
    }
    const how = exit.signal ? `killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
    const last = this.#tail.at(-1);
    this.#retry(`${this.options.label}: FFmpeg ${how}${last ? ` (${last.trim()})` : ''}`);
  }

  #retry(reason: string): void {
    const delay = this.options.backoff.crashed(this.options.now());
    this.#setHealth('retrying', reason);
    this.options.hooks.restarting?.(reason, delay);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#respawn();
    }, delay);
  }

  async #respawn(): Promise<void> {
    if (this.#stopping) return;
    await this.options.beforeRespawn?.().catch(() => undefined);
    if (!this.#stopping) this.#spawn();
  }

  #setHealth(health: StageHealth, reason: string | undefined): void {
    if (health === this.#health && reason === undefined) return;
    this.#health = health;
    if (reason !== undefined) this.#lastReason = reason;
    this.options.hooks.health?.(health, reason);
  }
}
