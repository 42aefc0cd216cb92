import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attach, startServe } from '../../../tests/support/agent-process';

const agentJs = path.resolve(import.meta.dirname, '../../../out/main/agent.js');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Run the built agent with `stdin` piped in; resolve with its exit code and output. */
function runAgent(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [agentJs, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('livemanager-agent create-admin (built agent)', () => {
  it('is built (npm test runs electron-vite build first)', () => {
    expect(existsSync(agentJs), `${agentJs} is missing: run npx electron-vite build`).toBe(true);
  });

  it('creates an approved admin from a password on stdin, who can then sign in through attach', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lm-agent-admin-'));
    dirs.push(dataDir);
    const made = await runAgent(
      ['create-admin', '--email', 'Root@Example.com', '--data-dir', dataDir],
      'a long admin password\n',
    );
    expect(made.stdout).toMatch(/^Created admin root@example\.com \(/);
    expect(made.code).toBe(0);
    const short = await runAgent(['create-admin', '--email', 'x@example.com', '--data-dir', dataDir], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('Use at least 10 characters.');

    const serve = await startServe(agentJs, dataDir);
    const { client, close } = attach(agentJs, dataDir);
    try {
      await expect(client.api.users.list()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      const session = await client.api.auth.login({ email: 'root@example.com', password: 'a long admin password' });
      expect(session.user).toMatchObject({ isAdmin: true, isApproved: true });
      await expect(client.api.users.list()).resolves.toMatchObject({ items: [{ email: 'root@example.com' }] });
    } finally {
      await close();
      await serve.stop();
    }
  });
});
