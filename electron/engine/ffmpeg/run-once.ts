import { spawn } from 'node:child_process';
import { signalGroup } from './process-group';
import { orphanGuard } from './orphan-guard';

export interface RunOnceOptions {
  /** Killed (the whole group, SIGKILL) after this long. Default 15 s: nothing run once may hang. */
  timeoutMs?: number;
  /** Aborting kills the process at once (a live stopped while its source is being probed). */
  signal?: AbortSignal | undefined;
  /** stdout beyond this is a failure (`overflow`), not a memory leak. Default 16 MiB. */
  maxOutputBytes?: number;
  env?: NodeJS.ProcessEnv;
}

export interface RunOnceResult {
  /** `exit`: it ended by itself (see `code`); otherwise why it was ended, or never started. */
  readonly ended: 'exit' | 'timeout' | 'aborted' | 'overflow' | 'notStarted';
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set with `notStarted`: ENOENT, EACCES… */
  readonly errorCode?: string | undefined;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_OUTPUT = 16 * 1024 * 1024;
/** stderr is kept for its last lines only (diagnostics), never unbounded. */
const STDERR_KEEP = 64 * 1024;

/**
 * Run a tool to completion with an argument array (never a shell), bounded in time and output,
 * in its own process group watched by the orphan guard: a probe must not outlive a killed
 * engine any more than a live's FFmpeg does. Never rejects: every way it ends is a result.
 */
export function runOnce(file: string, args: readonly string[], options: RunOnceOptions = {}): Promise<RunOnceResult> {
  const empty = { code: null, stdout: '', stderr: '' };
  if (options.signal?.aborted) return Promise.resolve({ ended: 'aborted', ...empty });
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(file, [...args], {
        env: options.env,
        detached: true, // own group: a timeout or abort reaches anything it started
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (error) {
      resolve({ ended: 'notStarted', ...empty, errorCode: (error as NodeJS.ErrnoException).code });
      return;
    }
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let ended: RunOnceResult['ended'] = 'exit';
    let settled = false;
    const pid = child.pid;
    const kill = (why: RunOnceResult['ended']): void => {
      if (ended !== 'exit' || pid === undefined) return;
      ended = why;
      signalGroup(pid, 'SIGKILL');
    };
    const timer = setTimeout(() => kill('timeout'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const onAbort = (): void => kill('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (result: RunOnceResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (pid !== undefined) orphanGuard.unwatch(pid);
      resolve(result);
    };
    if (pid !== undefined) orphanGuard.watch(pid);
    const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > max) return kill('overflow');
      stdout.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      finish({ ended: 'notStarted', ...empty, stderr, errorCode: error.code });
    });
    child.once('close', (code) => {
      finish({ ended, code, stdout: Buffer.concat(stdout).toString('utf8'), stderr });
    });
  });
}
