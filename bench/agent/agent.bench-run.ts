import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, it } from 'vitest';
import type { SshTarget } from '../../electron/main/targets/ssh/ssh-target';
import type { Resynced } from '../../electron/main/targets/ssh/ssh-target-connection';
import type { SshdPeer } from '../../tests/support/sshd';
import { startTcpProxy } from '../../tests/support/tcp-proxy';
import { ADMIN, reconnectsAfter, sshTargetFor, startVpsWithNode, waitForState } from '../../tests/support/vps';
import { median } from '../restream/proc-cpu';

/**
 * `npm run bench:agent`: the app ↔ VPS agent link over a real sshd on loopback, each figure as
 * `name: value`. BENCH_UPLOAD_MIB (default 1024) sets the upload size, BENCH_RPC_CALLS (300) the
 * round trips, BENCH_RECONNECTS (7) the cuts, BENCH_LINK_MBIT (200) and BENCH_LINK_UPLOAD_MIB (256)
 * the second upload comparison, over a paced relay as slow as a VPS's link. The machine's load is
 * printed first: on loopback the upload ratio is CPU-bound on both sides and moves with it.
 */
const UPLOAD_MIB = Number(process.env.BENCH_UPLOAD_MIB ?? 1024);
const RPC_CALLS = Number(process.env.BENCH_RPC_CALLS ?? 300);
const RECONNECTS = Number(process.env.BENCH_RECONNECTS ?? 7);
const LINK_MBIT = Number(process.env.BENCH_LINK_MBIT ?? 200);
const LINK_UPLOAD_MIB = Number(process.env.BENCH_LINK_UPLOAD_MIB ?? 256);
const run = promisify(execFile);

let sshd: SshdPeer;
let app: SshTarget;
let work: string;

function figure(name: string, value: number, digits = 3): void {
  console.log(`${name}: ${Number(value.toFixed(digits))}`);
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'lm-bench-agent-'));
  sshd = await startVpsWithNode();
  app = await sshTargetFor(sshd);
  await app.install();
  await waitForState(app, 'signInRequired');
  await app.register(ADMIN);
  figure('load_average_1m', os.loadavg()[0] ?? 0, 2);
}, 300_000);

afterAll(async () => {
  await app?.close();
  await sshd?.close();
  await rm(work, { recursive: true, force: true });
});

async function roundTrips(call: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 20; i++) await call(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < RPC_CALLS; i++) {
    const start = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: median(samples), p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0 };
}

it('rpc round trip over SSH', async () => {
  // system.info, as the target names it: its handler also looks FFmpeg and ffprobe up (two
  // `-version` runs per call until the engine caches them), so it measures the engine too.
  const info = await roundTrips(() => app.client.api.system.info());
  figure('rpc_roundtrip_ssh_p50_ms', info.p50);
  figure('rpc_roundtrip_ssh_p95_ms', info.p95);
  // The link alone: a handler that does no work.
  const status = await roundTrips(() => app.client.api.auth.status());
  figure('rpc_roundtrip_ssh_auth_status_p50_ms', status.p50);
  figure('rpc_roundtrip_ssh_auth_status_p95_ms', status.p95);
});

async function randomFile(name: string, mib: number): Promise<string> {
  const file = path.join(work, name);
  const handle = await open(file, 'w');
  for (let written = 0; written < mib; written += 16) await handle.write(randomBytes(16 * 1024 * 1024));
  await handle.close();
  return file;
}

/** Seconds OpenSSH's scp takes to send `file` through `port`, and the CPU seconds its client used. */
async function scpSeconds(file: string, port: number): Promise<{ wall: number; cpu: number }> {
  const start = Date.now();
  // GNU time prints the client's user and system CPU: on a loaded machine they compare where wall time cannot.
  const { stderr } = await run('/usr/bin/time', [
    '-f',
    'cpu %U %S',
    'scp',
    '-q',
    '-i',
    sshd.clientKeyPath,
    '-P',
    String(port),
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    file,
    `${sshd.user}@${sshd.host}:${path.join(sshd.home, 'scp-copy.bin')}`,
  ]);
  const [, user = '0', system = '0'] = /cpu ([\d.]+) ([\d.]+)/.exec(stderr) ?? [];
  return { wall: (Date.now() - start) / 1000, cpu: Number(user) + Number(system) };
}

/**
 * Seconds our upload takes to send `file` (until the last write is acknowledged), and in all; and
 * the CPU seconds this process used for the transfer (the app's side, as scp's figure is scp's).
 */
async function uploadSeconds(target: SshTarget, file: string): Promise<{ transfer: number; total: number; cpu: number }> {
  const start = Date.now();
  const cpuStart = process.cpuUsage();
  let transfer = 0;
  let cpu = 0;
  await target.upload(file, {
    name: path.basename(file),
    onProgress: (p) => {
      if (p.phase !== 'verifying' || transfer !== 0) return;
      transfer = (Date.now() - start) / 1000;
      const used = process.cpuUsage(cpuStart);
      cpu = (used.user + used.system) / 1e6;
    },
  });
  return { transfer, total: (Date.now() - start) / 1000, cpu };
}

it('upload over SFTP vs OpenSSH scp, same sshd, same file, on loopback', async () => {
  const file = await randomFile('upload.bin', UPLOAD_MIB);
  const scp = await scpSeconds(file, sshd.port);
  const ours = await uploadSeconds(app, file);
  figure('upload_mib', UPLOAD_MIB, 0);
  figure('scp_mib_per_s', UPLOAD_MIB / scp.wall, 1);
  figure('sftp_upload_mib_per_s', UPLOAD_MIB / ours.transfer, 1);
  figure('sftp_upload_vs_scp_ratio', scp.wall / ours.transfer);
  // The client's CPU per GiB, ours and scp's: on loopback both are CPU-bound, and unlike wall
  // time this barely moves with the machine's load.
  figure('scp_client_cpu_s_per_gib', (scp.cpu * 1024) / UPLOAD_MIB, 2);
  figure('sftp_upload_client_cpu_s_per_gib', (ours.cpu * 1024) / UPLOAD_MIB, 2);
  figure('sftp_upload_vs_scp_cpu_ratio', scp.cpu / ours.cpu);
  // With both SHA-256 checks (the VPS's and ours) and the rename: what the user waits for.
  figure('sftp_upload_verified_vs_scp_ratio', scp.wall / ours.total);
  figure('sftp_verify_s_per_gib', ((ours.total - ours.transfer) * 1024) / UPLOAD_MIB, 2);
});

it(`upload over SFTP vs OpenSSH scp through a ${LINK_MBIT} Mbit/s link`, async () => {
  const link = await startTcpProxy(sshd.port, { bytesPerSecond: (LINK_MBIT * 1e6) / 8 });
  const remote = await sshTargetFor(sshd, { id: 'vps-link', label: 'vps-link', port: link.port });
  try {
    const file = await randomFile('link-upload.bin', LINK_UPLOAD_MIB);
    const scp = await scpSeconds(file, link.port);
    const ours = await uploadSeconds(remote, file);
    figure('link_mbit', LINK_MBIT, 0);
    figure('link_scp_mib_per_s', LINK_UPLOAD_MIB / scp.wall, 1);
    figure('link_sftp_upload_mib_per_s', LINK_UPLOAD_MIB / ours.transfer, 1);
    figure('link_sftp_upload_vs_scp_ratio', scp.wall / ours.transfer);
  } finally {
    await remote.close();
    await link.close();
  }
});

it('reconnect and resync after the SSH connection is cut', async () => {
  const live = await app.client.api.lives.create({ title: 'Bench resync', source: { kind: 'testPattern' } });
  const samples: number[] = [];
  for (let i = 0; i < RECONNECTS; i++) {
    let cutAt = 0;
    const resynced = new Promise<Resynced>((resolve) => {
      const off = app.onResynced((r) => {
        off();
        resolve(r);
      });
    });
    await reconnectsAfter(app, () => {
      cutAt = Date.now();
      sshd.cutConnections();
    });
    samples.push((await resynced).at - cutAt);
  }
  figure('reconnect_resync_ms', median(samples), 0);
  figure('reconnect_resync_max_ms', Math.max(...samples), 0);
  await app.client.api.lives.delete({ liveId: live.id });
});
