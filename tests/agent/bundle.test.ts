import { copyFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentBundle, attach, createAdminAccount, runAgent, startServe } from '../support/agent-process';

// What ships to a VPS: one file. Copied alone into an empty folder (no node_modules anywhere up
// the tree, no package.json), it must run every command with nothing but Node.
describe('the one-file agent bundle', { timeout: 120_000 }, () => {
  let folder: string;
  let agentJs: string;
  /** No NODE_PATH, no npm variables: only what a VPS shell has. */
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'lm-vps-'));
    agentJs = path.join(folder, 'livemanager-agent.mjs');
    await copyFile(await agentBundle(), agentJs);
    env = { PATH: process.env.PATH, HOME: folder, LANG: 'C.UTF-8' };
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('imports nothing but Node built-ins (no package, no native add-on)', async () => {
    const code = await readFile(agentJs, 'utf8');
    const specifiers = [...code.matchAll(/^import\s[^;]*?from\s+"([^"]+)";?$/gm)].map((m) => m[1]);
    expect(specifiers.length).toBeGreaterThan(5);
    expect(specifiers.filter((s) => !s?.startsWith('node:'))).toEqual([]);
    expect(code).not.toMatch(/\brequire\(\s*["'][^"']+\.node["']\s*\)/);
    expect(code.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect((await stat(agentJs)).mode & 0o111).not.toBe(0);
    expect(await readdir(folder)).toEqual(['livemanager-agent.mjs']);
  });

  it('runs version and doctor from the empty folder', async () => {
    const version = await runAgent(agentJs, ['version', '--json'], { env, cwd: folder });
    expect(version.stderr).toBe('');
    expect(JSON.parse(version.stdout)).toMatchObject({ version: __APP_VERSION__ });
    const doctor = await runAgent(agentJs, ['doctor', '--json'], { env, cwd: folder });
    expect(doctor.code, doctor.stderr).toBe(0);
    const report = JSON.parse(doctor.stdout) as { dataDir: string; checks: { name: string; status: string }[] };
    expect(report.dataDir).toBe(path.join(folder, '.livemanager-agent'));
    expect(Object.fromEntries(report.checks.map((c) => [c.name, c.status]))).toMatchObject({
      node: 'ok',
      ffmpeg: 'ok',
      ffprobe: 'ok',
      encoders: 'ok',
      disk: 'ok',
      secrets: 'ok',
      socket: 'warn', // not started yet
    });
  });

  it('serves from the empty folder, and a client signs in through attach', async () => {
    const dataDir = path.join(folder, 'data');
    await createAdminAccount(agentJs, dataDir, 'boss@example.com', 'a long admin password');
    const serve = await startServe(agentJs, dataDir, { env, cwd: folder });
    try {
      const { client, close } = attach(agentJs, dataDir, env);
      await client.api.auth.login({ email: 'boss@example.com', password: 'a long admin password' });
      expect(await client.api.system.info()).toMatchObject({
        appVersion: __APP_VERSION__,
        secretStorage: 'encrypted-file',
        ffmpeg: { found: true },
      });
      expect(await close()).toBe(0);
      const status = await runAgent(agentJs, ['status', '--data-dir', dataDir], { env, cwd: folder });
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/^livemanager-agent \S+ is running \(pid \d+\) on .*agent\.sock\.\nLives: 0\.\n/);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  it('doctor reports a missing FFmpeg as a failure (exit 1), with how to install it', async () => {
    const doctor = await runAgent(agentJs, ['doctor'], { env: { ...env, PATH: path.dirname(process.execPath) }, cwd: folder });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/^\[FAIL\] ffmpeg: ffmpeg not found\. .*sudo apt install ffmpeg/m);
  });
});
