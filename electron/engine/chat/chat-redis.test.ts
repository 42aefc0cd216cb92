import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRefusal } from '@shared/chat/chat-protocol';
import { bundleNodeScript } from '../../../tests/support/bundle-node-script';
import { ChatClient } from '../../../tests/support/chat/chat-engine';
import { startRedis, type RedisPeer } from '../../../tests/support/chat/redis-server';

interface EngineProcess {
  readonly child: ChildProcess;
  readonly base: string;
  readonly token: string;
  readonly staff: string;
}

async function spawnEngine(script: string, redisUrl: string): Promise<EngineProcess> {
  const child = spawn(process.execPath, [script, redisUrl, 'salon'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the engine process exited (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, ...(JSON.parse(line) as Omit<EngineProcess, 'child'>) });
    });
  });
}

function stop(engine: EngineProcess | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!engine || engine.child.exitCode !== null) return resolve();
    engine.child.removeAllListeners('exit');
    engine.child.once('exit', () => resolve());
    engine.child.kill('SIGTERM');
  });
}

describe('chat across two engine processes over Redis', () => {
  let redis: RedisPeer;
  let one: EngineProcess;
  let two: EngineProcess;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const script = await bundleNodeScript(
      path.resolve(import.meta.dirname, '../../../tests/support/chat/chat-engine-process.ts'),
    );
    [one, two] = await Promise.all([spawnEngine(script, redis.url), spawnEngine(script, redis.url)]);
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all([stop(one), stop(two)]);
    await redis?.stop();
  });

  const join = async (base: string, auth: Parameters<typeof ChatClient.join>[1], ip: string) => {
    const client = await ChatClient.join(base, auth, ip);
    clients.push(client);
    return client;
  };

  it('a message, a pin and a ban made on one engine reach the room on the other', async () => {
    const alice = await join(one.base, { viewerToken: one.token, name: 'Alice' }, '203.0.113.1');
    const bob = await join(two.base, { viewerToken: two.token, name: 'Bob' }, '203.0.113.2');
    const staff = await join(two.base, { chatToken: two.staff }, '203.0.113.3');
    // Presence counts the room on both engines.
    await bob.next<{ count: number }>('presence', (p) => p.count === 3, 15_000);

    const sent = await alice.ask<{ ok: true; message: ChatMessage }>('send', { text: 'hello from engine one' });
    expect((await bob.next<ChatMessage>('message')).text).toBe('hello from engine one');

    expect(await staff.ask('moderate', { action: 'pin', messageId: sent.message.id })).toMatchObject({ ok: true });
    expect((await alice.next<{ message: ChatMessage | null }>('pinned')).message?.id).toBe(sent.message.id);
    const carol = await join(one.base, { viewerToken: one.token, name: 'Carol' }, '203.0.113.4');
    expect(carol.welcome.pinned?.text).toBe('hello from engine one');
    expect(carol.welcome.history.map((m) => m.text)).toEqual(['hello from engine one']);

    const closed = alice.disconnected();
    expect(await staff.ask('moderate', { action: 'ban', chatterId: alice.welcome.chatterId })).toMatchObject({ ok: true });
    expect(await alice.next<ChatRefusal>('refused')).toMatchObject({ code: 'banned' });
    await closed;
    expect(await ChatClient.connect(one.base, { viewerToken: one.token, name: 'Alicia' }, '203.0.113.1')).toMatchObject({
      code: 'banned',
    });
    expect(await ChatClient.connect(one.base, { chatToken: alice.welcome.chatToken }, '198.51.100.1')).toMatchObject({
      code: 'banned',
    });
    expect(await carol.ask('send', { text: 'nothing else disturbed' })).toMatchObject({ ok: true });
    await bob.next<ChatMessage>('message', (m) => m.text === 'nothing else disturbed');
  }, 60_000);
});
