import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sharing } from '@shared/contract/outputs';
import { agentBundle, attach, createAdminAccount, listeningTcp, runAgent, startServe } from '../support/agent-process';
import { freeLoopbackPort } from '../support/ports';
import { rawRequest } from '../support/raw-http';

// Issue 14 §5 on the agent: `serve --public-listen ADDR:PORT --public-url URL` opens the audience
// side where asked (and nowhere else), answers only the public URL's Host, and the app is told
// where viewers reach it; a wrong flag is refused before anything starts.
const ADMIN = { email: 'boss@example.com', password: 'a long admin password' };

let agentJs: string;
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  agentJs = await agentBundle();
}, 120_000);
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function tempDir(): Promise<string> {
  // Short path: a Unix socket path is limited to 107 bytes.
  const dir = await mkdtemp(path.join(tmpdir(), 'lm-pl-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('livemanager-agent serve --public-listen', { timeout: 120_000 }, () => {
  it('listens for viewers on the address and port given, answers only the public URL’s host, and says so to the app', async () => {
    const dataDir = await tempDir();
    const port = await freeLoopbackPort();
    await createAdminAccount(agentJs, dataDir, ADMIN.email, ADMIN.password);
    const serve = await startServe(agentJs, dataDir, {
      args: ['--public-listen', `127.0.0.1:${port}`, '--public-url', 'https://live.example.com'],
    });
    cleanups.push(() => serve.stop());
    expect(serve.stderr()).toContain(`viewers: listening on 127.0.0.1:${port} for https://live.example.com`);
    // The app's preview on loopback, and the viewers' port.
    const listening = await listeningTcp(serve.child.pid ?? 0);
    expect(listening).toHaveLength(2);
    expect(listening).toContainEqual({ address: '127.0.0.1', port });

    // Only the public URL's host is answered (Caddy passes it on); any other gets 421.
    expect((await rawRequest(port, '/live.m3u8', { host: 'evil.example' })).status).toBe(421);
    const own = await rawRequest(port, '/live.m3u8', { host: 'live.example.com' });
    expect(own.status).not.toBe(421);
    expect([403, 404]).toContain(own.status);

    const app = attach(agentJs, dataDir);
    cleanups.push(() => app.close());
    await app.client.api.auth.login(ADMIN);
    const sharing: Sharing = await app.client.api.outputs.getSharing({});
    expect(sharing).toMatchObject({
      control: 'host',
      enabled: true,
      listening: true,
      address: '127.0.0.1',
      port,
      url: 'https://live.example.com',
      addresses: { live: 'https://live.example.com/live.m3u8' },
    });
    // The host fixed it: the app cannot move it.
    await expect(app.client.api.outputs.setSharing({ enabled: false })).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('opens no public port without the flag', async () => {
    const dataDir = await tempDir();
    const serve = await startServe(agentJs, dataDir);
    cleanups.push(() => serve.stop());
    expect(serve.stderr()).not.toContain('viewers:');
    // Only the app's preview, on loopback (reached through the SSH tunnel).
    const listening = await listeningTcp(serve.child.pid ?? 0);
    expect(listening).toHaveLength(1);
    expect(listening[0]?.address).toBe('127.0.0.1');
  });

  it.each([
    [['--public-listen', 'localhost:8089'], /--public-listen takes an IP address and a port/],
    [['--public-listen', '127.0.0.1:70000'], /--public-listen takes an IP address and a port/],
    [['--public-listen', '127.0.0.1'], /--public-listen takes an IP address and a port/],
    [['--public-url', 'https://live.example.com'], /--public-url needs --public-listen/],
    [['--public-listen', '127.0.0.1:8089', '--public-url', 'ftp://live.example.com'], /--public-url starts with https:\/\//],
    [['--public-listen', '127.0.0.1:8089', '--public-url', 'https://user:s3cret@live.example.com'], /only a scheme and a host/],
    [['--public-listen', '127.0.0.1:8089', '--public-url', 'https://live.example.com/path'], /only a scheme and a host/],
  ])('refuses %j with a usage error naming the flag (exit 2), before starting', async (args, message) => {
    const dataDir = await tempDir();
    const result = await runAgent(agentJs, ['serve', '--data-dir', dataDir, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('s3cret');
    expect(result.stderr).not.toContain('is serving');
  });
});
