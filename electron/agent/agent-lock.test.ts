import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_DEV_JS, attach, runAgent, startServe } from '../../tests/support/agent-process';

// The built agent (npm test runs electron-vite build first).
const agentJs = AGENT_DEV_JS;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-agent-lock-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function killLater(child: ChildProcess): void {
  cleanups.push(() => void child.kill('SIGKILL'));
}

describe('livemanager-agent: one engine per data folder', () => {
  it('is built', () => {
    expect(existsSync(agentJs), `${agentJs} is missing: run npx electron-vite build`).toBe(true);
  });

  it('refuses a second serve on the same folder with a clear reason, and the first keeps answering', async () => {
    const dataDir = tempDir();
    const first = await startServe(agentJs, dataDir);
    killLater(first.child);
    const client = attach(agentJs, dataDir);
    killLater(client.child);
    await expect(client.client.api.auth.status()).resolves.toMatchObject({ authenticated: false });

    const second = await runAgent(agentJs, ['serve', '--data-dir', dataDir]);
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(
      /Another LiveManager engine \(pid \d+\) is already running on .*Only one engine may use a data folder/,
    );

    // doctor reads the machine only: it works beside a running agent and disturbs nothing.
    const doctor = await runAgent(agentJs, ['doctor', '--json', '--data-dir', dataDir]);
    expect(doctor.code).toBe(0);
    expect(JSON.parse(doctor.stdout)).toMatchObject({
      checks: expect.arrayContaining([expect.objectContaining({ name: 'ffmpeg', status: 'ok' })]),
    });

    await expect(client.client.api.auth.status()).resolves.toMatchObject({ authenticated: false });
    expect(await first.stop()).toBe(0);
    expect(existsSync(path.join(dataDir, 'engine.lock'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'agent.sock'))).toBe(false);
  }, 60_000);

  it('takes over the lock and the socket of an agent that was SIGKILLed', async () => {
    const dataDir = tempDir();
    const first = await startServe(agentJs, dataDir);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(path.join(dataDir, 'engine.lock'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'agent.sock'))).toBe(true);

    const next = await startServe(agentJs, dataDir);
    killLater(next.child);
    const client = attach(agentJs, dataDir);
    killLater(client.child);
    await expect(client.client.api.auth.status()).resolves.toMatchObject({ authenticated: false });
  }, 60_000);
});
