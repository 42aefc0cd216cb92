import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentBundle, attach, runAgent, startServe } from '../support/agent-process';
import { startRedis, type RedisPeer } from '../support/chat/redis-server';
import { freeLoopbackPort } from '../support/ports';
import { waitFor } from '../support/wait-for';

describe('livemanager-agent serve --chat-redis', () => {
  let agentJs: string;
  let redis: RedisPeer;
  const dirs: string[] = [];
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lm-ag-redis-'));
    dirs.push(dir);
    return dir;
  };
  beforeAll(async () => {
    [agentJs, redis] = await Promise.all([agentBundle(), startRedis()]);
  }, 120_000);
  afterAll(async () => {
    await redis?.stop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('puts the engine’s chat on the given Redis (its adapter subscribes there)', async () => {
    const probe = new Redis(redis.url);
    try {
      expect(Number(await probe.pubsub('NUMPAT'))).toBe(0);
      const serve = await startServe(agentJs, await tempDir(), { args: ['--chat-redis', redis.url] });
      try {
        // socket.io's Redis adapter listens to its broadcast channels by pattern.
        await waitFor(async () => Number(await probe.pubsub('NUMPAT')) > 0, { timeoutMs: 20_000 });
        const channels = (await probe.pubsub('CHANNELS', 'livemanager-chat*')) as string[];
        expect(channels.length).toBeGreaterThan(0);
      } finally {
        expect(await serve.stop()).toBe(0);
      }
      await waitFor(async () => Number(await probe.pubsub('NUMPAT')) === 0, { timeoutMs: 20_000 });
    } finally {
      probe.disconnect();
    }
  }, 90_000);

  it('refuses a URL that is not redis:// or rediss:// (exit 2) without repeating it', async () => {
    const result = await runAgent(agentJs, ['serve', '--data-dir', await tempDir(), '--chat-redis', 'http://u:hunter2@x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--chat-redis takes a redis://host:port or rediss://host:port URL.');
    expect(result.stderr).not.toContain('hunter2');
  });

  it('serves anyway when Redis is down, and never logs the URL’s password', async () => {
    const port = await freeLoopbackPort();
    const serve = await startServe(agentJs, await tempDir(), { args: ['--chat-redis', `redis://:hunter2@127.0.0.1:${port}`] });
    try {
      expect(serve.stderr()).toContain('this engine serves its own chatters until it does');
      // The adapter's refused publications and subscriptions (ioredis gives up after its retries)
      // once ended the process: it still answers after them.
      await waitFor(() => /Redis is unreachable \(ECONNREFUSED\)/.test(serve.stderr()), { timeoutMs: 20_000 });
      const client = attach(agentJs, serve.dataDir);
      try {
        await expect(client.client.api.auth.status()).resolves.toMatchObject({ authenticated: false });
      } finally {
        client.child.kill('SIGTERM');
      }
      expect(serve.child.exitCode).toBeNull();
      expect(serve.stderr()).not.toContain('hunter2');
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  }, 90_000);
});
