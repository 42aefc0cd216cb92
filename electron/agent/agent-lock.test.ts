import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '@shared/contract';
import { createChannelClient } from '@shared/rpc/channel-client';
import { ndjsonChannel } from '../engine/rpc/ndjson-channel';

// The built agent (npm test runs electron-vite build first).
const agentJs = path.resolve(import.meta.dirname, '../../out/main/agent.js');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-agent-lock-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function serve(dataDir: string): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [agentJs, 'serve', '--stdio', '--data-dir', dataDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(() => void child.kill('SIGKILL'));
  return { child, exited, stderr: () => stderr };
}

function clientOf(child: ChildProcess) {
  if (!child.stdout || !child.stdin) throw new Error('no stdio');
  return createChannelClient(contract, ndjsonChannel(Duplex.from({ readable: child.stdout, writable: child.stdin })), {
    timeoutMs: 20_000,
  });
}

describe('livemanager-agent: one engine per data folder', () => {
  it('is built', () => {
    expect(existsSync(agentJs), `${agentJs} is missing: run npx electron-vite build`).toBe(true);
  });

  it('refuses a second serve on the same folder with a clear reason, and the first keeps answering', async () => {
    const dataDir = tempDir();
    const first = serve(dataDir);
    const firstClient = clientOf(first.child);
    await expect(firstClient.api.auth.status()).resolves.toMatchObject({ authenticated: false });

    const second = serve(dataDir);
    expect(await second.exited).toBe(3);
    expect(second.stderr()).toMatch(
      /Another LiveManager engine \(pid \d+\) is already running on .*Only one engine may use a data folder/,
    );

    // doctor reads the machine only: it works beside a running agent and disturbs nothing.
    const doctor = spawn(process.execPath, [agentJs, 'doctor', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let report = '';
    doctor.stdout.on('data', (d: Buffer) => (report += d.toString()));
    expect(await new Promise((resolve) => doctor.once('exit', resolve))).toBe(0);
    expect(JSON.parse(report)).toMatchObject({ ffmpeg: { found: true } });

    await expect(firstClient.api.auth.status()).resolves.toMatchObject({ authenticated: false });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'engine.lock'))).toBe(false);
  }, 60_000);

  it('takes over the lock of an agent that was SIGKILLed', async () => {
    const dataDir = tempDir();
    const first = serve(dataDir);
    await expect(clientOf(first.child).api.auth.status()).resolves.toBeDefined();
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(path.join(dataDir, 'engine.lock'))).toBe(true);

    const next = serve(dataDir);
    await expect(clientOf(next.child).api.auth.status()).resolves.toMatchObject({ authenticated: false });
  }, 60_000);
});
