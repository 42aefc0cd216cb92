import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeMirror, type NodeMirror } from '../support/node-mirror';
import { sshdAvailable, startSshd, type SshdPeer } from '../support/sshd';
import { ADMIN, APP_VERSION, sshTargetFor, startVpsWithNode, waitForState } from '../support/vps';
import type { SshTarget } from '../../electron/main/targets/ssh/ssh-target';

const OLD = '0.0.9';

// The app installs its agent on a VPS it reaches only over SSH — here a real sshd with a throwaway
// HOME, no systemd, and Node 20 as the system Node (too old): the installer fetches a private
// Node 24 from a mirror, uploads the bundle, starts serve detached, and checks it with doctor.
describe.skipIf(!sshdAvailable())('installing the agent over SSH', { timeout: 300_000 }, () => {
  let sshd: SshdPeer;
  let mirror: NodeMirror;
  const targets: SshTarget[] = [];
  beforeAll(async () => {
    [sshd, mirror] = await Promise.all([startSshd(), startNodeMirror()]);
  });
  afterAll(async () => {
    for (const target of targets) await target.close();
    await sshd?.close();
    await mirror?.close();
  });

  async function target(version: string): Promise<SshTarget> {
    const made = await sshTargetFor(sshd, { bundleVersion: version, nodeMirror: mirror.url });
    targets.push(made);
    return made;
  }

  const agentDir = () => path.join(sshd.home, '.livemanager-agent');

  it('installs end to end: private Node 24 from the mirror, the bundle over SFTP, serve in the background, doctor', async () => {
    const old = await target(OLD);
    expect(await old.inspect()).toEqual({ installed: false, version: null, running: false, upgradeAvailable: false });
    expect(await old.connect()).toMatchObject({ kind: 'agentNotInstalled', reason: expect.stringMatching(/not installed/) });

    const steps: string[] = [];
    const report = await old.install({ onStep: (step) => steps.push(step.name) });
    expect(report).toMatchObject({
      action: 'installed',
      previousVersion: null,
      version: OLD,
      node: { source: 'installed', path: path.join(agentDir(), 'node/bin/node') },
      service: 'background',
      platform: { os: 'Linux', arch: 'x64', systemd: false },
      ffmpeg: { found: true },
    });
    expect(steps).toEqual(['detect', 'node', 'node', 'upload', 'service', 'verify']);
    expect(mirror.requests).toEqual(['/dist/SHASUMS256.txt', `/dist/${path.basename(mirror.tarball)}`]);
    expect(report.warnings.join(' ')).toMatch(/systemd does not run on this VPS/);
    expect(report.doctor.checks).toContainEqual(
      expect.objectContaining({ name: 'socket', status: 'ok', detail: expect.stringContaining(`serve ${OLD} answers`) }),
    );
    expect(report.doctor.checks).toContainEqual(expect.objectContaining({ name: 'node', status: 'ok' }));
    // The bundle is in place, private, and nothing half-sent looks like a file.
    expect((await stat(path.join(agentDir(), 'bin/livemanager-agent.mjs'))).mode & 0o777).toBe(0o700);
    expect((await readdir(path.join(agentDir(), 'bin'))).filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(existsSync(path.join(agentDir(), 'node.new'))).toBe(false);

    // The connection came up on its own after the install; this shared agent wants an account.
    await waitForState(old, 'signInRequired');
    await old.register(ADMIN);
    expect(old.state()).toEqual({ kind: 'connected' });
    expect((await old.client.api.system.info()).appVersion).toBe(OLD);
  });

  it('offers the upgrade when the agent is older than the app, restarts it, and the signed-in app follows', async () => {
    const old = targets[0]!;
    const current = await target(APP_VERSION);
    expect(await current.inspect()).toEqual({ installed: true, version: OLD, running: true, upgradeAvailable: true });
    const downloads = mirror.requests.length;

    const report = await current.install();
    expect(report).toMatchObject({ action: 'upgraded', previousVersion: OLD, version: APP_VERSION, node: { source: 'private' } });
    expect(mirror.requests).toHaveLength(downloads); // the private Node was kept
    // The first app was cut by the restart: it reconnects, binds its kept session, sees the new agent.
    await waitForState(old, 'connected');
    await expect.poll(async () => (await old.client.api.system.info()).appVersion, { timeout: 30_000 }).toBe(APP_VERSION);

    const again = await current.install();
    expect(again).toMatchObject({ action: 'unchanged', previousVersion: APP_VERSION });
    expect(await current.inspect()).toMatchObject({ upgradeAvailable: false, running: true });
  });

  it('uninstalls: the agent stops, its program goes, its data stays unless asked', async () => {
    const current = targets[1]!;
    await current.uninstall();
    expect(current.state()).toEqual({ kind: 'idle' });
    expect(await current.inspect()).toEqual({ installed: false, version: null, running: false, upgradeAvailable: false });
    expect(existsSync(path.join(agentDir(), 'bin'))).toBe(false);
    expect(existsSync(path.join(agentDir(), 'node'))).toBe(false);
    expect(existsSync(path.join(agentDir(), 'secrets.key'))).toBe(true);
    await current.uninstall({ removeData: true });
    expect(existsSync(agentDir())).toBe(false);
  });
});

// The package manager is the one thing stood in for: running the real apt-get as root would change
// this shared machine. The stand-in records how it was called and "installs" by linking the real
// FFmpeg into a folder of the session's PATH, as the package would.
async function standInAptGet(dir: string): Promise<{ bin: string; calls: () => Promise<string[]> }> {
  const bin = path.join(dir, 'apt-bin');
  const log = path.join(dir, 'apt-calls.log');
  await mkdir(bin, { recursive: true });
  const script = [
    '#!/bin/sh',
    `printf '%s|%s\\n' "\${DEBIAN_FRONTEND:-}" "$*" >> ${JSON.stringify(log)}`,
    'if [ "$*" = "install -y ffmpeg" ]; then',
    `  ln -sf /usr/bin/ffmpeg ${JSON.stringify(path.join(bin, 'ffmpeg'))}`,
    `  ln -sf /usr/bin/ffprobe ${JSON.stringify(path.join(bin, 'ffprobe'))}`,
    'fi',
    '',
  ].join('\n');
  await writeFile(path.join(bin, 'apt-get'), script, { mode: 0o755 });
  return {
    bin,
    calls: async () => (existsSync(log) ? (await readFile(log, 'utf8')).split('\n').filter(Boolean) : []),
  };
}

describe.skipIf(!sshdAvailable())('installing on a VPS without FFmpeg', { timeout: 180_000 }, () => {
  let sshd: SshdPeer;
  let target: SshTarget | undefined;
  let folder: string;
  let apt: Awaited<ReturnType<typeof standInAptGet>>;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'lm-apt-'));
    apt = await standInAptGet(folder);
    sshd = await startVpsWithNode({ hide: ['ffmpeg', 'ffprobe', 'apt-get'], pathFirst: [apt.bin] });
  });
  afterAll(async () => {
    await target?.close();
    await sshd?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('uses the system Node 24, and offers the exact apt command for FFmpeg (as root: no sudo), running nothing', async () => {
    target = await sshTargetFor(sshd);
    const report = await target.install();
    expect(report.node).toMatchObject({ source: 'system' });
    expect(report.doctor.checks).toContainEqual(expect.objectContaining({ name: 'ffmpeg', status: 'fail' }));
    expect(report.ffmpeg).toEqual({
      found: false,
      offer: { command: 'apt-get update && apt-get install -y ffmpeg', canRun: true },
    });
    expect(await apt.calls()).toEqual([]);
  });

  it('runs that command when the user agrees, non-interactively, and doctor then finds FFmpeg', async () => {
    target ??= await sshTargetFor(sshd);
    const steps: string[] = [];
    const report = await target.install({ installFfmpeg: true, onStep: (step) => steps.push(step.name) });
    expect(await apt.calls()).toEqual(['|update', 'noninteractive|install -y ffmpeg']);
    expect(steps).toContain('ffmpeg');
    expect(report.ffmpeg).toEqual({ found: true });
    expect(report.doctor.checks).toContainEqual(expect.objectContaining({ name: 'ffmpeg', status: 'ok' }));
  });
});
