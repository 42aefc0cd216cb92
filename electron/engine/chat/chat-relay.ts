import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import type { ChatChange } from './chat-changes';

/** How long an engine waits for Redis at start before serving its own connections alone. */
const CONNECT_TIMEOUT_MS = 5000;

export interface ChatRelay {
  /** Hands a change to the other engines, which apply it to their own database. */
  change(change: ChatChange): void;
  /** This engine's count of chatters in a room, for the others' presence. */
  presence(room: string, count: number): void;
  close(): Promise<void>;
}

export interface RelayReceiver {
  change(change: ChatChange): void;
  presence(engineId: string, room: string, count: number): void;
}

/**
 * Several engines serving one room: socket.io's Redis adapter carries every broadcast, kick and
 * presence push to the sockets of the other engines; server-side events carry the stored state
 * (messages, sanctions, pins, settings) so each engine's database answers alike. Only started
 * when a Redis URL is configured; the URL (it may hold a password) is never logged.
 */
export async function startRelay(
  io: Server,
  url: string,
  receive: RelayReceiver,
  log: (message: string, error?: unknown) => void,
): Promise<ChatRelay> {
  const engineId = randomUUID();
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  // Subscriptions wait for Redis however long it is away: one that gave up would never be renewed.
  const sub = pub.duplicate({ maxRetriesPerRequest: null });
  let reported = false;
  for (const client of [pub, sub]) {
    client.on('error', (error: Error) => {
      if (reported) return;
      reported = true; // once: ioredis retries on its own, and a log line per retry would flood
      log(`chat: Redis is unreachable (${(error as NodeJS.ErrnoException).code ?? 'error'}); retrying`);
    });
    client.on('ready', () => void (reported = false));
  }
  await Promise.race([
    Promise.all([pub.connect(), sub.connect()]),
    new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), CONNECT_TIMEOUT_MS).unref()),
  ]).catch((error: unknown) =>
    log('chat: Redis did not answer at start; this engine serves its own chatters until it does', error),
  );
  io.adapter(createAdapter(publishing(pub), sub, { key: 'livemanager-chat' }));
  const nsp = io.of('/');
  nsp.on('chat:change', (change: ChatChange) => receive.change(change));
  nsp.on('chat:presence', (from: string, room: string, count: number) => {
    if (from !== engineId) receive.presence(from, room, count);
  });
  return {
    change: (change) => void nsp.serverSideEmit('chat:change', change),
    presence: (room, count) => void nsp.serverSideEmit('chat:presence', engineId, room, count),
    async close() {
      // QUIT would wait for a Redis that is away (the subscriber waits without limit): cut those.
      const end = async (client: Redis): Promise<void> => {
        if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
        else client.disconnect();
      };
      await Promise.all([end(pub), end(sub)]);
    },
  };
}

/**
 * The adapter publishes without handling a refusal: while Redis is away, each broadcast to the
 * other engines would be an unhandled rejection that ends the process. Those are dropped instead
 * (this engine's own chatters are served all the same; the error is logged once above).
 */
function publishing(client: Redis): Redis {
  return new Proxy(client, {
    get(target, property) {
      if (property === 'publish') {
        return (...args: Parameters<Redis['publish']>) => target.publish(...args).catch(() => 0);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
