/**
 * The operator's lives options on the command line: `serve --max-lives-per-owner N --overload
 * warn|queue` (and the same on the web host). The cap refuses the N+1st live; the overload flag is
 * the default `lives.getSettings` shows until an admin saves another.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentBundle, attach, createAdminAccount, runAgent, startServe, type ServeProcess } from '../support/agent-process';
import { WEBHOST_JS } from '../support/webhost';

const ADMIN = { email: 'boss@example.com', password: 'a long admin password' };

describe('livemanager-agent serve --max-lives-per-owner / --overload', { timeout: 120_000 }, () => {
  let agentJs: string;
  let dataDir: string;
  let serve: ServeProcess | undefined;
  beforeAll(async () => {
    agentJs = await agentBundle();
    dataDir = await mkdtemp(path.join(tmpdir(), 'lm-ag-opts-'));
  });
  afterAll(async () => {
    await serve?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a bad value with a usage error saying what is wrong (exit 2)', async () => {
    const cap = await runAgent(agentJs, ['serve', '--data-dir', dataDir, '--max-lives-per-owner', '0']);
    expect(cap.code).toBe(2);
    expect(cap.stderr).toContain('--max-lives-per-owner must be a whole number from 1 to 100000 (got "0").');
    const overload = await runAgent(agentJs, ['serve', '--data-dir', dataDir, '--overload', 'later']);
    expect(overload.code).toBe(2);
    expect(overload.stderr).toContain('--overload is warn or queue (got "later").');
    const help = await runAgent(agentJs, ['help', 'serve']);
    expect(`${help.stdout}${help.stderr}`).toMatch(/--max-lives-per-owner N[\s\S]*--overload warn\|queue/);
  });

  it('caps lives per account at the flag, and shows the overload flag as the setting until an admin saves another', async () => {
    await createAdminAccount(agentJs, dataDir, ADMIN.email, ADMIN.password);
    serve = await startServe(agentJs, dataDir, { args: ['--max-lives-per-owner', '2', '--overload', 'queue'] });
    const admin = attach(agentJs, dataDir);
    try {
      await admin.client.api.auth.login(ADMIN);
      expect(await admin.client.api.lives.getSettings({})).toEqual({ overloadPolicy: 'queue' });
      const fields = { title: 'One of two', source: { kind: 'testPattern' as const }, destinations: [] };
      await admin.client.api.lives.create(fields);
      await admin.client.api.lives.create(fields);
      await expect(admin.client.api.lives.create(fields)).rejects.toMatchObject({
        code: 'LIMIT_REACHED',
        message: expect.stringContaining('You already have 2 lives'),
      });
      expect(await admin.client.api.lives.updateSettings({ overloadPolicy: 'warn' })).toEqual({ overloadPolicy: 'warn' });
    } finally {
      await admin.close();
    }
    // The saved setting outlives the flag.
    await serve.stop();
    serve = await startServe(agentJs, dataDir, { args: ['--overload', 'queue'] });
    const again = attach(agentJs, dataDir);
    try {
      await again.client.api.auth.login(ADMIN);
      expect(await again.client.api.lives.getSettings({})).toEqual({ overloadPolicy: 'warn' });
    } finally {
      await again.close();
    }
  });
});

describe('web host --max-lives-per-owner / --overload', () => {
  it('refuses a bad value with exit 2 and the reason', async () => {
    const child = spawn(process.execPath, [WEBHOST_JS, '--port', '0', '--overload', 'sometimes'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--overload is warn or queue (got "sometimes").');
  });
});
