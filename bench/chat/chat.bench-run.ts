import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadavg } from 'node:os';
import { it } from 'vitest';
import type { ChatMessage } from '@shared/chat/chat-protocol';
import { bundleNodeScript } from '../../tests/support/bundle-node-script';
import { ChatClient } from '../../tests/support/chat/chat-engine';
import { startRedis } from '../../tests/support/chat/redis-server';
import { cpuSeconds, rssMegabytes } from '../restream/proc-cpu';

/**
 * `npm run bench:chat`: CLIENTS socket.io clients in one room, RATE messages per second for
 * SECONDS, through one engine process, then through two engine processes over Redis (clients
 * and senders split between them). Delivery time is from just before a send to each receipt,
 * on the same clock. Prints one `name: value` line per figure.
 */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);

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

/** One run: clients spread over the engines, messages sent round-robin by the first clients. */
async function run(
  engines: readonly EngineProcess[],
): Promise<{ p50: number; p99: number; delivered: number; expected: number; cpuPct: number; rssMb: number }> {
  const histogram = new Uint32Array(60_000); // one bin per millisecond
  let delivered = 0;
  const clients: ChatClient[] = [];
  for (let i = 0; i < CLIENTS; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, CLIENTS - i) }, (_, k) => {
        const n = i + k;
        const engine = engines[n % engines.length] as EngineProcess;
        const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
        return ChatClient.join(engine.base, { viewerToken: engine.token, name: `viewer${n}` }, ip);
      }),
    );
    clients.push(...batch);
  }
  for (const client of clients) {
    client.received.length = 0;
    client.socket.offAny();
    client.socket.on('message', (message: ChatMessage) => {
      const sentAt = Number(message.text.slice(0, message.text.indexOf(' ')));
      const ms = Math.min(histogram.length - 1, Math.max(0, Math.round(Date.now() - sentAt)));
      histogram[ms] = (histogram[ms] ?? 0) + 1;
      delivered += 1;
    });
  }
  const pids = engines.map((e) => e.child.pid ?? 0);
  const cpuBefore = pids.reduce((s, pid) => s + cpuSeconds(pid), 0);
  const started = Date.now();
  const total = RATE * SECONDS;
  const senders = clients.slice(0, Math.min(clients.length, 200));
  for (let sent = 0; sent < total; sent += 1) {
    const due = started + (sent * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sender = senders[sent % senders.length] as ChatClient;
    sender.socket.emit('send', { text: `${Date.now()} bench message ${sent}` }, () => undefined);
  }
  const expected = total * CLIENTS;
  const drainUntil = Date.now() + 10_000;
  while (delivered < expected && Date.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 100));
  const elapsed = (Date.now() - started) / 1000;
  const cpuPct = ((pids.reduce((s, pid) => s + cpuSeconds(pid), 0) - cpuBefore) / elapsed / engines.length) * 100;
  const rssMb = Math.max(...pids.map(rssMegabytes));
  for (const client of clients) client.close();
  const quantile = (q: number): number => {
    const target = Math.ceil(delivered * q);
    let seen = 0;
    for (let ms = 0; ms < histogram.length; ms += 1) {
      seen += histogram[ms] ?? 0;
      if (seen >= target) return ms;
    }
    return histogram.length;
  };
  return { p50: quantile(0.5), p99: quantile(0.99), delivered, expected, cpuPct, rssMb };
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
    print('chat_engine_cpu_pct', one.cpuPct);
    print('chat_engine_rss_mb', one.rssMb);
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
    print('chat_redis_engine_cpu_pct', two.cpuPct);
    print('chat_redis_engine_rss_mb', two.rssMb);
  } finally {
    await Promise.all(pair.map(stop));
    await redis.stop();
  }
});
