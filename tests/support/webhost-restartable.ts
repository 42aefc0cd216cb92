import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleNodeScript } from './bundle-node-script';
import { freeLoopbackPort } from './ports';
import { REPO_ROOT } from './webhost';

const RENDERER_DIR = path.join(REPO_ROOT, 'out/renderer');

export interface RestartableWebHost {
  /** The address with its token: the same across restarts. */
  readonly url: string;
  /** Kill the host at once (SIGKILL: the engine has no chance to say goodbye). */
  kill(): Promise<void>;
  /** Start it again on the same port, token and data folder. */
  restart(): Promise<void>;
  stderr(): string;
  stop(): Promise<void>;
}

/** A web host on a fixed port and token, for tests of what the page does when it goes away. */
export async function startRestartableWebHost(): Promise<RestartableWebHost> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html')))
    throw new Error('out/renderer is missing: run npx electron-vite build.');
  const script = await bundleNodeScript(path.join(import.meta.dirname, 'webhost-restartable-host.ts'));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lm-webhost-restart-'));
  const port = await freeLoopbackPort();
  const token = randomBytes(18).toString('base64url');
  let child: ChildProcess | null = null;
  let stderr = '';

  const start = async (): Promise<void> => {
    const proc = spawn(process.execPath, [script, dataDir, RENDERER_DIR, String(port), token], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`the web host did not start within 60 s: ${stderr}`)), 60_000);
      proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('LIVEMANAGER_WEB_URL=')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the web host exited (code ${code}) before starting: ${stderr}`));
      });
    });
  };
  const kill = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    kill,
    restart: start,
    stderr: () => stderr,
    async stop() {
      await kill();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
