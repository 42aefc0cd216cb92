import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const WEBHOST_JS = path.join(REPO_ROOT, 'out/main/webhost.js');

export interface WebHostProcess {
  /** The address printed by the host, token included. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly child: ChildProcess;
  /** Everything the host wrote to stderr so far (for failure messages). */
  stderr(): string;
  stop(): Promise<void>;
}

export interface WebHostProcessOptions {
  /** Replaces the environment (a PATH without ffmpeg, LIVEMANAGER_FFMPEG=…). Default: this one. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the "LiveManager is running: open <url>" line. */
  startTimeoutMs?: number;
  /** Use (and keep) this data folder instead of a fresh temporary one. */
  dataDir?: string;
  /** `shared`: a team's engine (register, sign in, approval), as `--mode shared`. */
  mode?: 'single-owner' | 'shared';
  /** More command-line options (`--overload queue`…). */
  args?: readonly string[];
}

/**
 * Start the built web host (`node out/main/webhost.js --port 0`) with a fresh data folder (or the
 * one given) and wait for the line announcing its address. Needs `electron-vite build` first (npm test does it).
 */
export async function startWebHostProcess(options: WebHostProcessOptions = {}): Promise<WebHostProcess> {
  if (!existsSync(WEBHOST_JS)) throw new Error(`${WEBHOST_JS} is missing: run npx electron-vite build first.`);
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'lm-webhost-data-')));
  const mode = options.mode ? ['--mode', options.mode] : [];
  const child = spawn(process.execPath, [WEBHOST_JS, '--port', '0', '--data-dir', dataDir, ...mode, ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
  };

  const url = await new Promise<string>((resolve, reject) => {
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    const timer = setTimeout(() => fail(`did not print its address within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new Error(`The web host ${why}.\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^LiveManager is running: open (\S+) \(Ctrl\+C to stop\)$/m.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code, signal) => fail(`exited (code ${code}, signal ${signal}) before printing its address`));
    child.once('error', (error) => fail(`could not start: ${error.message}`));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });

  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    child,
    stderr: () => stderr,
    stop,
  };
}
