import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { it } from 'vitest';
import { outputRoot } from '../../electron/engine/hls/hls-paths';
import { startAudienceEngine } from '../../tests/support/outputs/audience-engine';
import { freeLoopbackPort } from '../../tests/support/ports';
import { waitFor } from '../../tests/support/wait-for';

/**
 * `npm run bench:hls`: N viewers (real HTTP clients in their own process, pulling the playlist
 * and every segment at real time) against the engine's public listener, then against nginx
 * serving the SAME output folder (the engine writes `live.m3u8` beside its numbered segments),
 * in the same run. CPU of each server from its own process over the same window length.
 */
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 200);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 30);
const run = promisify(execFile);
const TICKS = 100; // USER_HZ on Linux

function print(name: string, value: number | string): void {
  process.stdout.write(`${name}: ${typeof value === 'number' ? Number(value.toFixed(2)) : value}\n`);
}

async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

interface ViewerResult {
  segments: number;
  errors: number;
  bytes: number;
  p50: number | null;
  p99: number | null;
}

async function pull(url: string, serverPid: number): Promise<ViewerResult & { cpuS: number }> {
  const before = await cpuSeconds(serverPid);
  const { stdout } = await run(
    process.execPath,
    [path.join(import.meta.dirname, 'viewers.mjs'), url, String(VIEWERS), String(WINDOW_S)],
    {
      timeout: (WINDOW_S + 60) * 1000,
    },
  );
  const cpuS = (await cpuSeconds(serverPid)) - before;
  return { ...(JSON.parse(stdout.trim()) as ViewerResult), cpuS };
}

async function startNginx(root: string): Promise<{ port: number; pid: number; stop(): Promise<void> }> {
  const prefix = await mkdtemp(path.join(tmpdir(), 'lm-bench-nginx-'));
  const port = await freeLoopbackPort();
  const conf = path.join(prefix, 'nginx.conf');
  await writeFile(
    conf,
    [
      'daemon off; master_process off; worker_processes 1;',
      `error_log ${prefix}/error.log; pid ${prefix}/nginx.pid;`,
      'events { worker_connections 4096; }',
      'http {',
      '  access_log off; sendfile on; tcp_nopush on; keepalive_timeout 65;',
      '  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }',
      `  server { listen 127.0.0.1:${port}; root ${root};`,
      '    location ~ \\.m3u8$ { add_header Cache-Control no-cache; }',
      '    location ~ \\.ts$ { add_header Cache-Control "public, max-age=86400, immutable"; } }',
      '}',
    ].join('\n'),
  );
  const child = spawn('/usr/sbin/nginx', ['-p', prefix, '-c', conf], { stdio: 'ignore' });
  await waitFor(() => fetch(`http://127.0.0.1:${port}/live.m3u8`).then((r) => r.status === 200), { what: 'nginx' });
  return {
    port,
    pid: child.pid ?? 0,
    stop: async () => {
      child.kill('SIGTERM');
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

it('bench: HLS viewers, engine vs nginx', async () => {
  const audience = await startAudienceEngine({ log: () => undefined });
  try {
    const output = await audience.createOutput({ slug: 'salon', title: 'Salon', access: 'open' });
    const live = await audience.createFeeder('Bench', { kind: 'testPattern' }, output.id);
    await audience.start(live.id);
    await waitFor(
      async () => (await audience.call<{ items: { feed: { state: string } }[] }>('outputs.list')).items[0]?.feed.state === 'live',
      { timeoutMs: 60_000, what: 'the live to feed the output' },
    );
    const nginx = await startNginx(outputRoot(audience.dataDir, output.id));
    try {
      // The engine process also follows its live (FFmpeg progress, the output's tick): its CPU
      // with no viewer over the same window is measured first and reported beside.
      const idleFrom = await cpuSeconds(process.pid);
      await new Promise((resolve) => setTimeout(resolve, WINDOW_S * 1000));
      const idleS = (await cpuSeconds(process.pid)) - idleFrom;
      const engine = await pull(`${audience.base}/o/salon/live.m3u8`, process.pid);
      const peer = await pull(`http://127.0.0.1:${nginx.port}/live.m3u8`, nginx.pid);
      print('hls_viewers', VIEWERS);
      print('hls_window_s', WINDOW_S);
      print('load_average_1m', loadavg()[0] ?? 0);
      print('engine_idle_cpu_s', idleS);
      print('engine_cpu_s', engine.cpuS);
      print('nginx_cpu_s', peer.cpuS);
      print(`hls_${VIEWERS}_viewers_cpu_vs_nginx_ratio`, peer.cpuS > 0 ? engine.cpuS / peer.cpuS : Number.NaN);
      print(`hls_${VIEWERS}_viewers_serving_cpu_vs_nginx_ratio`, peer.cpuS > 0 ? (engine.cpuS - idleS) / peer.cpuS : Number.NaN);
      const perSegment = (cpuS: number, n: number): number => (n > 0 ? (cpuS * 1000) / n : Number.NaN);
      print('engine_cpu_ms_per_segment', perSegment(engine.cpuS - idleS, engine.segments));
      print('nginx_cpu_ms_per_segment', perSegment(peer.cpuS, peer.segments));
      print(`hls_segment_p99_ms_${VIEWERS}_viewers`, engine.p99 ?? Number.NaN);
      print(`hls_segment_p50_ms_${VIEWERS}_viewers`, engine.p50 ?? Number.NaN);
      print(`nginx_segment_p99_ms_${VIEWERS}_viewers`, peer.p99 ?? Number.NaN);
      print('engine_segments_served', engine.segments);
      print('nginx_segments_served', peer.segments);
      print('engine_errors', engine.errors);
      print('nginx_errors', peer.errors);
    } finally {
      await nginx.stop();
    }
    await audience.stop(live.id);
  } finally {
    await audience.close();
  }
});
