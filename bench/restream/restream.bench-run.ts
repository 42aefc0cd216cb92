import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import { buildSeedTranscodeArgs } from '@shared/ffmpeg/output-args';
import { bundleNodeScript } from '../../tests/support/bundle-node-script';
import { mediaFixture } from '../../tests/support/media';
import { startNginxRtmp, type RtmpPeer } from '../../tests/support/nginx-rtmp';
import { waitFor } from '../../tests/support/wait-for';
import { ffmpegPidsWith, startRestreamEngine, type RestreamEngine } from '../../tests/support/restream-engine';
import { cpuSeconds, cpuSplit, measureCpu, median, rssMegabytes } from './proc-cpu';

/**
 * `npm run bench:restream`: the restream engine's figures, each printed as `name: value`.
 * Both sides of every ratio run at the same time and are measured over the same window.
 * BENCH_WINDOW_S (default 30) sets the CPU windows, BENCH_LIVES (20) the supervised lives,
 * BENCH_LATENCY_RUNS (5) the start-latency samples.
 */
const WINDOW_MS = Number(process.env.BENCH_WINDOW_S ?? 30) * 1000;
const LIVES = Number(process.env.BENCH_LIVES ?? 20);
const LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 5);
const WARMUP_MS = 3000;

const KEYS = ['bench-pass', 'bench-seed', 'bench-f3a', 'bench-f3b', 'bench-f3c', 'bench-f1'];

let peer: RtmpPeer;
let engine: RestreamEngine;
let workDir: string;
let source720: string;

function figure(name: string, value: number, digits = 3): void {
  console.log(`${name}: ${Number(value.toFixed(digits))}`);
}

/** A private copy of the 720p30 fixture: its path marks one side's FFmpeg processes. */
async function copyOfSource(name: string): Promise<string> {
  const file = path.join(workDir, `${name}.mp4`);
  await copyFile(source720, file);
  return file;
}

/** Each FFmpeg once, even when several markers match it (a direct-mode live: clip and key in one process). */
async function pidsOf(...markers: string[]): Promise<number[]> {
  return [...new Set((await Promise.all(markers.map((m) => ffmpegPidsWith(m)))).flat())];
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'lm-bench-'));
  const latencyKeys = Array.from({ length: LATENCY_RUNS }, (_, i) => `bench-latency-${i}`);
  const engineKeys = Array.from({ length: LIVES }, (_, i) => `bench-engine-${String(i).padStart(3, '0')}`);
  peer = await startNginxRtmp({ keys: [...KEYS, ...latencyKeys, ...engineKeys] });
  source720 = await mediaFixture('h264-aac-720p30', 20);
  engine = await startRestreamEngine({ backoff: undefined, staleMs: 20_000 }, undefined, () => undefined);
});

afterAll(async () => {
  await engine?.close();
  await peer?.close();
  await rm(workDir, { recursive: true, force: true });
});

it('passthrough (auto) vs the seed’s always-transcode command', async () => {
  const passClip = await copyOfSource('passthrough');
  const seedClip = await copyOfSource('seed');
  const live = await engine.createLive({
    title: 'Bench passthrough',
    source: { kind: 'file', path: passClip },
    loop: { kind: 'forever' },
    destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: 'bench-pass' }],
  });
  const seed = spawn(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', ...buildSeedTranscodeArgs(seedClip, peer.publishUrl('bench-seed'))],
    {
      stdio: 'ignore',
    },
  );
  try {
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live', 60_000);
    await peer.waitForBytes('bench-seed', 1, 60_000);
    await pause(WARMUP_MS);
    const cpu = await measureCpu({ auto: await pidsOf(passClip, 'bench-pass'), seed: [seed.pid ?? -1] }, WINDOW_MS);
    const perMinute = 60_000 / WINDOW_MS;
    figure('passthrough_vs_seed_cpu_ratio', (cpu.auto ?? 0) / (cpu.seed ?? 1));
    figure('passthrough_cpu_s_per_min', (cpu.auto ?? 0) * perMinute);
    figure('seed_transcode_cpu_s_per_min', (cpu.seed ?? 0) * perMinute);
  } finally {
    seed.kill('SIGTERM');
    await engine.stop(live.id).catch(() => undefined);
  }
});

it('transcode preset: three destinations + HLS vs one destination', async () => {
  const fanClip = await copyOfSource('fanout3');
  const oneClip = await copyOfSource('fanout1');
  const encoding = { mode: 'preset', preset: '480p' } as const;
  const fan = await engine.createLive({
    title: 'Bench fan-out 3',
    source: { kind: 'file', path: fanClip },
    loop: { kind: 'forever' },
    encoding,
    destinations: [
      { name: 'A', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: 'bench-f3a' },
      { name: 'B', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: 'bench-f3b' },
      { name: 'C', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: 'bench-f3c' },
      { name: 'Preview', kind: 'hls-local' },
    ],
  });
  const one = await engine.createLive({
    title: 'Bench fan-out 1',
    source: { kind: 'file', path: oneClip },
    loop: { kind: 'forever' },
    encoding,
    destinations: [{ name: 'A', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: 'bench-f1' }],
  });
  try {
    await Promise.all([engine.start(fan.id), engine.start(one.id)]);
    await Promise.all([engine.waitForState(fan.id, 'live', 60_000), engine.waitForState(one.id, 'live', 60_000)]);
    await pause(WARMUP_MS);
    const fanPids = await pidsOf(fanClip, 'bench-f3a', 'bench-f3b', 'bench-f3c', path.join('hls', fan.id));
    const cpu = await measureCpu({ fan: fanPids, one: await pidsOf(oneClip, 'bench-f1') }, WINDOW_MS);
    figure('fanout3_vs_1_cpu_ratio', (cpu.fan ?? 0) / (cpu.one ?? 1));
    figure('fanout_processes', fanPids.length, 0);
  } finally {
    await Promise.all([engine.stop(fan.id).catch(() => undefined), engine.stop(one.id).catch(() => undefined)]);
  }
});

it(`the engine process itself supervising ${LIVES} passthrough lives`, async () => {
  const clip = await copyOfSource('engine-lives');
  const script = await bundleNodeScript(path.join(import.meta.dirname, 'engine-host.ts'));
  const dataDir = path.join(workDir, 'engine-host-data');
  const host = spawn(process.execPath, [script, dataDir, clip, peer.ingestUrl, String(LIVES)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => host.once('exit', resolve));
  try {
    let out = '';
    host.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await waitFor(() => out.includes('READY'), { timeoutMs: 180_000, what: `${LIVES} lives on air` });
    await pause(WARMUP_MS);
    const pid = host.pid ?? -1;
    const ffmpegPids = await pidsOf(clip, 'bench-engine-');
    const before = { engine: cpuSeconds(pid), split: cpuSplit(pid) };
    let peakRss = rssMegabytes(pid);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMegabytes(pid))), 1000);
    const ffmpegCpu = await measureCpu({ ffmpeg: ffmpegPids }, WINDOW_MS);
    clearInterval(sampler);
    const engineCpu = cpuSeconds(pid) - before.engine;
    const split = cpuSplit(pid);
    figure('engine_cpu_pct_20_lives', (engineCpu / (WINDOW_MS / 1000)) * 100, 2);
    figure('engine_cpu_user_pct', ((split.user - before.split.user) / (WINDOW_MS / 1000)) * 100, 2);
    figure('engine_cpu_system_pct', ((split.system - before.split.system) / (WINDOW_MS / 1000)) * 100, 2);
    figure('engine_rss_mb_20_lives', Math.max(peakRss, rssMegabytes(pid)), 1);
    figure('engine_lives_ffmpeg_processes', ffmpegPids.length, 0);
    figure('engine_lives_ffmpeg_cpu_pct', ((ffmpegCpu.ffmpeg ?? 0) / (WINDOW_MS / 1000)) * 100, 1);
  } finally {
    host.kill('SIGTERM');
    await exited;
  }
});

it('start latency: API call → first bytes at nginx-rtmp (passthrough)', async () => {
  const clip = await copyOfSource('latency');
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_RUNS; i += 1) {
    const key = `bench-latency-${i}`;
    const live = await engine.createLive({
      title: `Bench latency ${i}`,
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: key }],
    });
    const started = performance.now();
    await engine.start(live.id);
    await waitFor(async () => (await peer.streams()).some((s) => s.name === key && s.bytesIn > 0), {
      timeoutMs: 30_000,
      intervalMs: 20,
      what: `first bytes of ${key}`,
    });
    samples.push(performance.now() - started);
    await engine.stop(live.id);
  }
  figure('start_latency_p50_ms', median(samples), 0);
  figure('start_latency_max_ms', Math.max(...samples), 0);
});
