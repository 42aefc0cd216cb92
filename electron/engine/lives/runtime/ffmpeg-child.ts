import type { Readable, Writable } from 'node:stream';
import type { FfmpegProgress } from '@shared/ffmpeg/progress';
import { signalGroup } from '../../ffmpeg/process-group';
import { spawnFfmpeg, type RunningProcess } from '../../ffmpeg/runner';

export interface FfmpegExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when we asked it to stop (graceful stop, stale kill), so it is not read as a crash. */
  readonly requested: boolean;
  /** What ended it: itself, or the step of the stop ladder that worked (`q`, `endOfInput`, …). */
  readonly endedBy: string;
}

export interface FfmpegChildOptions {
  ffmpegPath: string;
  /** Stage arguments from the shared builders; the runner adds the global options. */
  args: readonly string[];
  /** `media`: stdin carries the hub's MPEG-TS. `control`: stdin only takes `q`. */
  stdin: 'media' | 'control';
  /** `media`: stdout carries MPEG-TS for the hub (the source stage). */
  stdout: 'media' | 'ignore';
  /** Stream keys known by value: masked in every stderr line and the command line. */
  secrets?: readonly string[];
  label?: string;
  onProgress?: (progress: FfmpegProgress) => void;
  /** Already redacted. */
  onStderrLine?: (line: string) => void;
}

/** Ask nicely (`q` or end of input), then SIGTERM, then SIGKILL the whole group. */
export interface StopTimings {
  finishMs: number;
  termMs: number;
}

export const DEFAULT_STOP: StopTimings = Object.freeze({ finishMs: 3000, termMs: 2000 });

/**
 * One FFmpeg of a live, on the engine's runner (own process group, `-progress` on fd 3,
 * redacted stderr, graceful stop ladder), plus what supervision needs to know: whether an
 * exit was asked for or is a crash.
 */
export class FfmpegChild {
  readonly #process: RunningProcess;
  readonly exited: Promise<FfmpegExit>;
  #requested = false;
  #killed = false;

  constructor(options: FfmpegChildOptions) {
    // One progress block a second (FFmpeg's default is two): plenty for stale detection and
    // statistics, and half the parsing for an engine supervising dozens of processes.
    this.#process = spawnFfmpeg(['-stats_period', '1', ...options.args], {
      ffmpegPath: options.ffmpegPath,
      logLevel: 'warning',
      stdin: options.stdin,
      stdout: options.stdout,
      secrets: options.secrets ?? [],
      label: options.label ?? 'ffmpeg',
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onStderrLine ? { onStderrLine: options.onStderrLine } : {}),
    });
    this.exited = this.#process.exited.then((exit) => ({
      code: exit.code,
      signal: exit.signal,
      requested: this.#requested,
      // A stale kill is ours too, but not part of the stop ladder.
      endedBy: this.#killed ? 'SIGKILL (stalled)' : exit.endedBy,
    }));
  }

  get pid(): number {
    return this.#process.pid;
  }

  get startedAt(): number {
    return this.#process.startedAt;
  }

  get running(): boolean {
    return this.#process.exit === null;
  }

  /** The media stdin (output stages). */
  get input(): Writable | null {
    return this.#process.stdin;
  }

  /** The media stdout (the source stage). */
  get output(): Readable | null {
    return this.#process.stdout;
  }

  /** Graceful and bounded; never SIGKILL first. */
  async stop(timings: StopTimings = DEFAULT_STOP): Promise<FfmpegExit> {
    this.#requested = true;
    await this.#process.stop({ graceMs: timings.finishMs, termMs: timings.termMs });
    return this.exited;
  }

  /** A stalled FFmpeg is not listening anyway: kill its group at once (marked as asked for). */
  kill(): void {
    this.#requested = true;
    this.#killed = true;
    signalGroup(this.#process.pid, 'SIGKILL');
  }

  /** For tests and crash drills: signal the group without marking the exit as asked for. */
  signalGroup(signal: NodeJS.Signals): void {
    signalGroup(this.#process.pid, signal);
  }
}
