import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { ProgressParser, type FfmpegProgress } from '@shared/ffmpeg/progress';

export interface FfmpegExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when we asked it to stop (graceful stop, stale kill), so it is not read as a crash. */
  readonly requested: boolean;
}

export interface FfmpegChildOptions {
  ffmpegPath: string;
  /** Stage arguments from the shared builders; global options are added here. */
  args: readonly string[];
  /** `media`: stdin carries the hub's MPEG-TS. `control`: stdin only takes `q`. */
  stdin: 'media' | 'control';
  /** `media`: stdout carries MPEG-TS for the hub (the source stage). */
  stdout: 'media' | 'ignore';
  onProgress?: (progress: FfmpegProgress) => void;
  onStderrLine?: (line: string) => void;
}

/** Ask nicely, then SIGTERM, then SIGKILL the whole group: each step waits this long. */
export interface StopTimings {
  finishMs: number;
  termMs: number;
}

export const DEFAULT_STOP: StopTimings = Object.freeze({ finishMs: 3000, termMs: 2000 });

/**
 * One FFmpeg process in its own process group (so SIGKILL reaches anything it spawned), with
 * `-progress` on fd 3 (stdout may be the media), stderr split into lines, and a bounded
 * graceful stop. Never `kill -9` first.
 */
export class FfmpegChild {
  readonly #child: ChildProcess;
  readonly exited: Promise<FfmpegExit>;
  #stopRequested = false;
  #exit: FfmpegExit | undefined;

  constructor(private readonly options: FfmpegChildOptions) {
    const globalArgs = ['-hide_banner', '-nostats', '-loglevel', 'warning', '-progress', 'pipe:3', '-stats_period', '1'];
    if (options.stdin === 'media') globalArgs.push('-nostdin');
    this.#child = spawn(options.ffmpegPath, [...globalArgs, ...options.args], {
      // detached → setsid: the child leads a new process group we can signal as a whole.
      detached: true,
      stdio: ['pipe', options.stdout === 'media' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.#child.stdin?.on('error', () => undefined); // EPIPE when it dies: its exit tells the story.
    const parser = new ProgressParser();
    const progressPipe = this.#child.stdio[3] as Readable | null;
    progressPipe?.setEncoding('utf8');
    progressPipe?.on('data', (chunk: string) => {
      for (const block of parser.push(chunk)) options.onProgress?.(block);
    });
    let pending = '';
    this.#child.stderr?.setEncoding('utf8');
    this.#child.stderr?.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split(/\r?\n|\r/);
      pending = lines.pop() ?? '';
      if (pending.length > 8192) pending = '';
      for (const line of lines) if (line.trim()) options.onStderrLine?.(line);
    });
    this.exited = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (this.#exit) return;
        if (pending.trim()) options.onStderrLine?.(pending);
        this.#exit = { code, signal, requested: this.#stopRequested };
        resolve(this.#exit);
      };
      this.#child.once('exit', finish);
      // spawn failure (ENOENT): there will be no 'exit' with a code.
      this.#child.once('error', () => finish(null, null));
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return this.#exit === undefined;
  }

  /** The media stdin (output stages). */
  get input(): Writable | null {
    return this.options.stdin === 'media' ? this.#child.stdin : null;
  }

  /** The media stdout (the source stage). */
  get output(): Readable | null {
    return this.options.stdout === 'media' ? this.#child.stdout : null;
  }

  /**
   * Graceful, bounded stop: `q` (or end of input for an output stage) so FFmpeg closes its
   * muxer cleanly; SIGTERM to the group if it has not left; SIGKILL to the group at last.
   */
  async stop(timings: StopTimings = DEFAULT_STOP): Promise<FfmpegExit> {
    this.#stopRequested = true;
    if (this.#exit) return this.#exit;
    const stdin = this.#child.stdin;
    if (stdin && !stdin.destroyed) {
      if (this.options.stdin === 'control') stdin.write('q');
      stdin.end();
    }
    if (await this.#exitsWithin(timings.finishMs)) return this.exited;
    this.signalGroup('SIGTERM');
    if (await this.#exitsWithin(timings.termMs)) return this.exited;
    this.signalGroup('SIGKILL');
    return this.exited;
  }

  /** Kill at once (stale process: it is not listening anyway), still marked as requested. */
  kill(): void {
    this.#stopRequested = true;
    this.signalGroup('SIGKILL');
  }

  signalGroup(signal: NodeJS.Signals): void {
    const pid = this.#child.pid;
    if (pid === undefined || this.#exit) return;
    try {
      process.kill(process.platform === 'win32' ? pid : -pid, signal);
    } catch {
      // Already gone.
    }
  }

  async #exitsWithin(ms: number): Promise<boolean> {
    if (this.#exit) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const result = await Promise.race([this.exited.then(() => true as const), timeout]);
    clearTimeout(timer);
    return result;
  }
}
