import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { formatCommandLine } from '@shared/ffmpeg/command-line';
import { ProgressParser, type FfmpegProgress } from '@shared/ffmpeg/progress';
import { isAlive, signalGroup } from './process-group';
import { orphanGuard } from './orphan-guard';
import { DEFAULT_STDERR_LINES, StderrRing } from './stderr-ring';

export interface SpawnOptions {
  /**
   * `control` (default): stdin is ours, used to send `q` on stop.
   * `media`: stdin carries MPEG-TS from the hub (output stages read `-i pipe:0`); stop closes it.
   */
  stdin?: 'control' | 'media';
  /** `media`: stdout is a pipe carrying the output (the source stage's `pipe:1`). Default ignored. */
  stdout?: 'media' | 'ignore';
  /** Stream keys and passwords known by value: masked in the command line and the stderr tail. */
  secrets?: readonly string[];
  /** Who this process is, for logs: "live 12 source", "live 12 → Twitch". */
  label?: string;
  stderrLines?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Each redacted stderr line as it arrives. */
  onStderrLine?: (line: string) => void;
}

export interface FfmpegSpawnOptions extends SpawnOptions {
  ffmpegPath: string;
  /** Default `info`: enough to classify failures without a line per HLS segment at `verbose`. */
  logLevel?: 'error' | 'warning' | 'info' | 'verbose';
  /** Each `-progress` block (read from fd 3, so stderr stays clean). */
  onProgress?: (progress: FfmpegProgress) => void;
}

export interface StopOptions {
  /** Time FFmpeg gets to finish after `q` / end of input before SIGTERM. Default 5000 ms. */
  graceMs?: number;
  /** Time after SIGTERM before SIGKILL of the whole group. Default 3000 ms. */
  termMs?: number;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What ended it: itself (finished or crashed), or the step of `stop()` that worked. */
  endedBy: 'self' | 'q' | 'endOfInput' | 'SIGINT' | 'SIGTERM' | 'SIGKILL';
  durationMs: number;
  /** Redacted, oldest first. */
  stderrTail: string[];
}

export interface RunningProcess {
  readonly pid: number;
  readonly label: string;
  /** Copy-pasteable and redacted. */
  readonly commandLine: string;
  readonly startedAt: number;
  /** Present with `stdin: 'media'`: write MPEG-TS here. Write errors (EPIPE) are swallowed. */
  readonly stdin: Writable | null;
  /** Present with `stdout: 'media'`. */
  readonly stdout: Readable | null;
  readonly exited: Promise<ProcessExit>;
  /** null while running. */
  readonly exit: ProcessExit | null;
  stderrTail(count?: number): string[];
  /** Last `-progress` block seen, null before the first one. */
  readonly lastProgress: FfmpegProgress | null;
  onProgress(listener: (progress: FfmpegProgress) => void): () => void;
  /**
   * Graceful and bounded: `q` on stdin (control) or close stdin (media) or SIGINT (no stdin),
   * then SIGTERM, then SIGKILL to the whole process group. Never SIGKILL first. Resolves with
   * the exit; calling it twice returns the same promise.
   */
  stop(options?: StopOptions): Promise<ProcessExit>;
}

/** Options FFmpeg always gets: quiet banner, no stats on stderr, progress on fd 3, overwrite. */
export function ffmpegGlobalArgs(logLevel: NonNullable<FfmpegSpawnOptions['logLevel']>): string[] {
  return ['-hide_banner', '-nostats', '-loglevel', logLevel, '-progress', 'pipe:3', '-y'];
}

/**
 * Spawn FFmpeg with an argument array (never a shell), in its own process group, with
 * `-progress pipe:3` parsed into `onProgress`. `args` are what the builders return; the runner
 * prepends `ffmpegGlobalArgs`.
 */
export function spawnFfmpeg(args: readonly string[], options: FfmpegSpawnOptions): RunningProcess {
  const parser = new ProgressParser();
  const listeners = new Set<(progress: FfmpegProgress) => void>();
  if (options.onProgress) listeners.add(options.onProgress);
  const fullArgs = [...ffmpegGlobalArgs(options.logLevel ?? 'info'), ...args];
  const process = spawnSupervised(options.ffmpegPath, fullArgs, options, true);
  const progressPipe = process.child.stdio[3] as Readable | null;
  progressPipe?.setEncoding('utf8');
  progressPipe?.on('error', () => undefined);
  progressPipe?.on('data', (chunk: string) => {
    for (const block of parser.push(chunk)) {
      process.lastProgress = block;
      for (const listener of listeners) listener(block);
    }
  });
  process.onProgress = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return process;
}

/**
 * Spawn any command under the same supervision (group, stop ladder, orphan guard, redacted
 * stderr). Used for ffmpeg above and for test stand-ins.
 */
export function spawnProcess(command: string, args: readonly string[], options: SpawnOptions = {}): RunningProcess {
  return spawnSupervised(command, args, options, false);
}

class Supervised implements RunningProcess {
  readonly pid: number;
  readonly startedAt = Date.now();
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly exited: Promise<ProcessExit>;
  exit: ProcessExit | null = null;
  lastProgress: FfmpegProgress | null = null;
  onProgress: (listener: (progress: FfmpegProgress) => void) => () => void = () => () => undefined;
  private stopping: Promise<ProcessExit> | null = null;
  private endedBy: ProcessExit['endedBy'] = 'self';

  constructor(
    readonly child: ChildProcess,
    readonly label: string,
    readonly commandLine: string,
    private readonly ring: StderrRing,
    private readonly stdinMode: 'control' | 'media',
  ) {
    this.pid = child.pid ?? -1;
    this.stdin = stdinMode === 'media' ? child.stdin : null;
    this.stdout = child.stdout;
    // A dead reader must never crash the engine with an unhandled EPIPE.
    child.stdin?.on('error', () => undefined);
    child.stdout?.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (this.exit) return;
        this.ring.end();
        this.exit = {
          code,
          signal,
          endedBy: this.endedBy,
          durationMs: Date.now() - this.startedAt,
          stderrTail: this.ring.tail(),
        };
        resolve(this.exit);
      };
      // 'close' waits for stderr to drain; a grandchild holding a pipe must not hold us forever.
      child.once('close', finish);
      child.once('exit', (code, signal) => setTimeout(() => finish(code, signal), 1000).unref());
      child.once('error', () => finish(null, null));
    });
  }

  stderrTail(count?: number): string[] {
    return this.ring.tail(count);
  }

  stop(options: StopOptions = {}): Promise<ProcessExit> {
    if (this.exit) return Promise.resolve(this.exit);
    this.stopping ??= this.stopLadder(options.graceMs ?? 5000, options.termMs ?? 3000);
    return this.stopping;
  }

  private async stopLadder(graceMs: number, termMs: number): Promise<ProcessExit> {
    this.endedBy = this.askToFinish();
    if (await this.exitedWithin(graceMs)) return this.exited;
    this.endedBy = 'SIGTERM';
    signalGroup(this.pid, 'SIGTERM');
    if (await this.exitedWithin(termMs)) return this.exited;
    this.endedBy = 'SIGKILL';
    signalGroup(this.pid, 'SIGKILL');
    return this.exited;
  }

  private askToFinish(): ProcessExit['endedBy'] {
    const stdin = this.child.stdin;
    if (stdin && stdin.writable) {
      if (this.stdinMode === 'control') {
        stdin.write('q');
        return 'q';
      }
      stdin.end(); // the output stage sees end of input, flushes and exits
      return 'endOfInput';
    }
    signalGroup(this.pid, 'SIGINT');
    return 'SIGINT';
  }

  private exitedWithin(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      void this.exited.then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

function spawnSupervised(command: string, args: readonly string[], options: SpawnOptions, progressFd: boolean): Supervised {
  const stdinMode = options.stdin ?? 'control';
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: options.env,
    detached: true, // own process group: stop() can reach the whole tree
    windowsHide: true,
    stdio: ['pipe', options.stdout === 'media' ? 'pipe' : 'ignore', 'pipe', ...(progressFd ? (['pipe'] as const) : [])],
  });
  const label = options.label ?? command;
  // ENOENT and friends arrive as an 'error' event after this returns; never let it go unhandled.
  child.on('error', () => undefined);
  if (child.pid === undefined) throw new Error(`Could not start ${command}: not found or not executable.`);
  const ring = new StderrRing(options.stderrLines ?? DEFAULT_STDERR_LINES, options.secrets ?? [], options.onStderrLine);
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => ring.push(chunk));
  const process = new Supervised(child, label, formatCommandLine(command, args, options.secrets), ring, stdinMode);
  // Stopped by the watchdog if this engine dies without stopping it (docs/restream-engine.md).
  orphanGuard.watch(process.pid);
  void process.exited.then(() => orphanGuard.unwatch(process.pid));
  return process;
}

export { isAlive };
