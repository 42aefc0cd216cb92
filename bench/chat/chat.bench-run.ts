import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadavg } from 'node:os';
import { it } from 'vitest';
import { CHAT_SOCKET_PATH } from '@shared/chat/chat-protocol';
import { bundleNodeScript } from '../../tests/support/bundle-node-script';
import { startRedis } from '../../tests/support/chat/redis-server';
import { cpuSeconds, rssMegabytes } from '../restream/proc-cpu';

/**
 * `npm run bench:chat`: CLIENTS socket.io clients in one room, RATE messages per second for
 * SECONDS, through one engine process, then through two engine processes over Redis (clients
 * and senders split between them). The clients run in their own processes (chat-clients.mjs);
 * delivery time is from a send's stamp to each receipt, on the machine's one wall clock. Prints
 * one `name: value` line per figure.
 */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
/** `BENCH_SHORT=1` (npm run bench:chat:short): 15 s a run, the whole bench well under 3 minutes. */
const SECONDS = Number(process.env.BENCH_SECONDS ?? (process.env.BENCH_SHORT ? 15 : 60));
/** Client processes: the clients' reading shares the cores instead of queueing behind one event loop. */
const PROCESSES = Number(process.env.BENCH_CLIENT_PROCESSES ?? 4);
const CLIENTS_SCRIPT = path.resolve(import.meta.dirname, 'chat-clients.mjs');

interface EngineProcess {
  readonly child: ChildProcess;
  readonly base: string;
  readonly token: string;
}

function print(name: string, value: number | string): void {
  process.stdout.write(`${name}: ${typeof value === 'number' ? Math.round(value * 10) / 10 : value}\n`);
}

async function spawnEngine(script: string, redisUrl: string): Promise<EngineProcess> {
  const child = spawn(process.execPath, [script, redisUrl, 'bench'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the engine process exited (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, ...(JSON.parse(line) as { base: string; token: string }) });
    });
  });
}

function stop(engine: EngineProcess): Promise<void> {
  return new Promise((resolve) => {
    engine.child.removeAllListeners('exit');
    if (engine.child.exitCode !== null) return resolve();
    engine.child.once('exit', () => resolve());
    engine.child.kill('SIGTERM');
  });
}

/** A share of the clients in its own process (chat-clients.mjs), once all of them are in the room. */
interface ClientProcess {
  readonly child: ChildProcess;
  readonly count: number;
  readonly done: Promise<{ histogram: number[]; delivered: number; expected: number; refused: number }>;
}

async function forkClients(engines: readonly EngineProcess[], from: number, count: number): Promise<ClientProcess> {
  const config = { engines: engines.map(({ base, token }) => ({ base, token })), from, count, path: CHAT_SOCKET_PATH };
  const child = fork(CLIENTS_SCRIPT, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let finish: (value: Awaited<ClientProcess['done']>) => void = () => undefined;
  const done = new Promise<Awaited<ClientProcess['done']>>((resolve) => (finish = resolve));
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`a clients process exited (${code}) before its clients joined`)));
    child.on('message', (message: { ready?: true; done?: Awaited<ClientProcess['done']> }) => {
      if (message.ready) resolve();
      if (message.done) finish(message.done);
    });
  });
  child.removeAllListeners('exit');
  return { child, count, done };
}

/**
 * One run: the clients spread over the engines and over PROCESSES client processes; every
 * process sends its slots of one shared schedule (RATE a second) from a few of its clients.
 * Each delivery is timed from the send's wall-clock stamp to its receipt: one machine, one clock.
 */
async function run(engines: readonly EngineProcess[]): Promise<{
  p50: number;
  p99: number;
  delivered: number;
  expected: number;
  cpuPct: number;
  rssMb: number;
  refused: number;
  cpuUsPerDelivery: number;
}> {
  const share = Math.ceil(CLIENTS / PROCESSES);
  const clients: ClientProcess[] = [];
  for (let from = 0; from < CLIENTS; from += share)
    clients.push(await forkClients(engines, from, Math.min(share, CLIENTS - from)));
  const pids = engines.map((e) => e.child.pid ?? 0);
  const cpuBefore = pids.reduce((s, pid) => s + cpuSeconds(pid), 0);
  const started = Date.now();
  const at = started + 500;
  clients.forEach(({ child, count }, offset) => {
    const go = { at, perSecond: RATE, seconds: SECONDS, senders: Math.min(10, count), offset, stride: clients.length };
    child.send({ go: { ...go, expectedPerClient: RATE * SECONDS } });
  });
  const results = await Promise.all(clients.map((c) => c.done));
  const elapsed = (Date.now() - started) / 1000;
  const cpuUsed = pids.reduce((s, pid) => s + cpuSeconds(pid), 0) - cpuBefore;
  const cpuPct = (cpuUsed / elapsed / engines.length) * 100;
  const rssMb = Math.max(...pids.map(rssMegabytes));
  const histogram = new Array<number>(60_000).fill(0);
  for (const result of results) result.histogram.forEach((n, ms) => (histogram[ms] = (histogram[ms] ?? 0) + n));
  const delivered = results.reduce((s, r) => s + r.delivered, 0);
  const quantile = (q: number): number => {
    const target = Math.ceil(delivered * q);
    let seen = 0;
    for (let ms = 0; ms < histogram.length; ms += 1) {
      seen += histogram[ms] ?? 0;
      if (seen >= target) return ms;
    }
    return histogram.length;
  };
  return {
    p50: quantile(0.5),
    p99: quantile(0.99),
    delivered,
    expected: results.reduce((s, r) => s + r.expected, 0),
    refused: results.reduce((s, r) => s + r.refused, 0),
    cpuPct,
    rssMb,
    // Steadier than the percentage on a loaded machine: the engines' CPU time per delivery.
    cpuUsPerDelivery: delivered > 0 ? (cpuUsed * 1e6) / delivered : 0,
  };
}

it('chat: one room, one engine, then two engines over Redis', async () => {
  const script = await bundleNodeScript(path.resolve(import.meta.dirname, '../../tests/support/chat/chat-engine-process.ts'));
  print('chat_clients', CLIENTS);
  print('chat_rate_per_s', RATE);
  print('chat_seconds', SECONDS);
  print('load_average_1m', loadavg()[0] ?? 0);

  const single = await spawnEngine(script, '-');
  try {
    const one = await run([single]);
    print('chat_delivery_p50_ms', one.p50);
    print('chat_delivery_p99_ms', one.p99);
    print('chat_delivered_ratio', one.delivered / one.expected);
    print('chat_refused', one.refused);
    print('chat_engine_cpu_pct', one.cpuPct);
    print('chat_engine_rss_mb', one.rssMb);
    print('chat_engine_cpu_us_per_delivery', one.cpuUsPerDelivery);
  } finally {
    await stop(single);
  }

  const redis = await startRedis();
  const pair = await Promise.all([spawnEngine(script, redis.url), spawnEngine(script, redis.url)]);
  try {
    const two = await run(pair);
    print('chat_redis_delivery_p50_ms', two.p50);
    print('chat_redis_delivery_p99_ms', two.p99);
    print('chat_redis_delivered_ratio', two.delivered / two.expected);
    print('chat_redis_refused', two.refused);
    print('chat_redis_engine_cpu_pct', two.cpuPct);
    print('chat_redis_engine_rss_mb', two.rssMb);
    print('chat_redis_engine_cpu_us_per_delivery', two.cpuUsPerDelivery);
    print('load_average_1m_end', loadavg()[0] ?? 0);
  } finally {
    await Promise.all(pair.map(stop));
    await redis.stop();
  }
});
