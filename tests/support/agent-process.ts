import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Duplex } from 'node:stream';
import { promisify } from 'node:util';
import { contract, type AppContract } from '@shared/contract';
import { createChannelClient, type ChannelClient } from '@shared/rpc/channel-client';
import { ndjsonChannel } from '../../electron/engine/rpc/ndjson-channel';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The dev build of the agent (`npx electron-vite build`). */
export const AGENT_DEV_JS = path.join(ROOT, 'out/main/agent.js');

let bundle: Promise<string> | undefined;
/**
 * The shipped one-file agent, built once per test worker with the real build script
 * (scripts/build-agent.mjs), so agent tests never run a stale bundle.
 */
export function agentBundle(): Promise<string> {
  bundle ??= (async () => {
    const dir = path.join(ROOT, 'node_modules/.cache/livemanager-scripts');
    await mkdir(dir, { recursive: true });
    const out = path.join(dir, `livemanager-agent-${process.pid}.mjs`);
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/build-agent.mjs'), '--out', out], { cwd: ROOT });
    return out;
  })();
  return bundle;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run one agent command to its end; `input` is written to its stdin. */
export function runAgent(
  agentJs: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [agentJs, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly dataDir: string;
  readonly exited: Promise<number | null>;
  stderr(): string;
  /** SIGTERM (graceful) and wait for the exit code. */
  stop(): Promise<number | null>;
}

/** `serve` on a data folder, resolved once it announces its socket. */
export async function startServe(
  agentJs: string,
  dataDir: string,
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; args?: readonly string[] } = {},
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [agentJs, 'serve', '--data-dir', dataDir, ...(options.args ?? [])], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => reject(new Error(`serve did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/ is serving .* on /.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before serving: ${stderr}`));
    });
  });
  return {
    child,
    dataDir,
    exited,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface AttachedClient {
  readonly client: ChannelClient<AppContract>;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Write raw bytes into attach's stdin. */
  sendRaw(text: string): void;
  stderr(): string;
  /** End stdin (the SSH channel closing) and wait for attach to exit. */
  close(): Promise<number | null>;
}

/** An `attach` child, as sshd would run it, with a contract client over its stdio. */
export function attach(agentJs: string, dataDir: string, env: NodeJS.ProcessEnv = process.env): AttachedClient {
  const child = spawn(process.execPath, [agentJs, 'attach', '--data-dir', dataDir], { stdio: ['pipe', 'pipe', 'pipe'], env });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const channel = ndjsonChannel(Duplex.from({ readable: child.stdout, writable: child.stdin }));
  const client = createChannelClient(contract, channel, { timeoutMs: 30_000, peerName: 'the agent' });
  return {
    client,
    child,
    exited,
    sendRaw: (text) => void child.stdin.write(text),
    stderr: () => stderr,
    async close() {
      child.stdin.end();
      return exited;
    },
  };
}

export function assertBuilt(file: string): void {
  if (!existsSync(file)) throw new Error(`${file} is missing: run npx electron-vite build`);
}

/** `create-admin` on a data folder (before or beside serve); throws with its output if it fails. */
export async function createAdminAccount(agentJs: string, dataDir: string, email: string, password: string): Promise<void> {
  const result = await runAgent(agentJs, ['create-admin', '--email', email, '--data-dir', dataDir], { input: `${password}\n` });
  if (result.code !== 0) throw new Error(`create-admin failed (${result.code}): ${result.stderr}`);
}

/** `SSH_CLIENT` as sshd sets it for a client at `address`. */
export function sshEnv(address: string): NodeJS.ProcessEnv {
  return { ...process.env, SSH_CLIENT: `${address} 50022 22` };
}

/** TCP ports process `pid` listens on, with their addresses (Linux /proc). */
export async function listeningTcp(pid: number): Promise<{ address: string; port: number }[]> {
  const { readdir, readFile, readlink } = await import('node:fs/promises');
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [])) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match?.[1]) inodes.add(match[1]);
  }
  const found: { address: string; port: number }[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; st 0A is LISTEN; column 9 is the inode.
      if (cols[3] !== '0A' || !inodes.has(cols[9] ?? '')) continue;
      const [ip = '', port = '0'] = (cols[1] ?? '').split(':');
      found.push({ address: hexAddress(ip), port: parseInt(port, 16) });
    }
  }
  return found;
}

function hexAddress(hex: string): string {
  if (hex.length === 8)
    return (hex.match(/../g) ?? [])
      .reverse()
      .map((b) => parseInt(b, 16))
      .join('.');
  if (/^0+$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  return hex;
}
