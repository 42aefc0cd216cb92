import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '@shared/contract';
import { createChannelClient, type ChannelClient } from '@shared/rpc/channel-client';
import { websocketChannel, type WebSocketLike } from '@shared/rpc/websocket-channel';
import { createTestBackend, openWebSocket } from '../../tests/support/rpc-peers';
import { startWebHost, type WebHost } from './web-host';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function folder(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function host(dataDir: string): Promise<WebHost> {
  const backend = createTestBackend();
  const started = await startWebHost({
    router: backend.router,
    events: backend.events,
    rendererDir: await folder('lm-renderer-'),
    port: 0,
    dataDir,
  });
  cleanups.push(() => started.close());
  return started;
}

async function client(of: WebHost): Promise<ChannelClient<typeof contract>> {
  const socket = await openWebSocket(`${of.origin.replace('http', 'ws')}/rpc?token=${of.token}`);
  const c = createChannelClient(contract, websocketChannel(socket as unknown as WebSocketLike), { timeoutMs: 20_000 });
  cleanups.push(() => c.close());
  return c;
}

describe('host methods in the web host (browser build)', () => {
  it('answers the file pickers UNAVAILABLE, saying what to do instead', async () => {
    const { api } = await client(await host(await folder('lm-webhost-data-')));
    for (const pick of [() => api.shell.pickFile(), () => api.shell.pickFolder()]) {
      await expect(pick()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('type the full path') });
    }
  });

  it('keeps settings in a JSON file of its data folder, and tells every open page of a change', async () => {
    const dataDir = await folder('lm-webhost-data-');
    const first = await host(dataDir);
    const page = await client(first);
    const other = await client(first);
    const heard: string[] = [];
    other.api.on('settings.changed', (settings) => heard.push(settings.language));
    await expect(page.api.settings.update({ language: 'fr', theme: 'dark' })).resolves.toMatchObject({
      language: 'fr',
      theme: 'dark',
    });
    await page.api.settings.update({ closeToTray: false });
    await expect.poll(() => heard).toEqual(['fr', 'fr']);
    await expect(page.api.settings.update({ agents: [] } as never)).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
    expect(JSON.parse(await readFile(path.join(dataDir, 'webhost-settings.json'), 'utf8'))).toMatchObject({
      language: 'fr',
      theme: 'dark',
      closeToTray: false,
    });
    await first.close();

    const again = await client(await host(dataDir));
    await expect(again.api.settings.get()).resolves.toMatchObject({ language: 'fr', theme: 'dark', closeToTray: false });
  });

  it('lists "This computer" as its one target and leaves agents to the desktop app; engine calls still reach the engine', async () => {
    const c = await client(await host(await folder('lm-webhost-data-')));
    await expect(c.api.targets.list()).resolves.toEqual({
      targets: [{ kind: 'local', id: 'local', label: 'This computer', state: 'connected' }],
    });
    await expect(
      c.api.targets.add({ label: 'Paris', host: 'paris.example.com', user: 'me', auth: { kind: 'ssh-agent' } }),
    ).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('desktop app'),
    });
    await expect(c.api.targets.connect({ targetId: 'vps-1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(c.call('test.echo', { text: 'engine' })).resolves.toEqual({ text: 'engine' });
    await expect(c.call('settings.nope', {})).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
  });
});
