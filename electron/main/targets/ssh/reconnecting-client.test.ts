import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { duplexPair } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { engineContract } from '@shared/contract';
import type { Live } from '@shared/contract/lives';
import { createChannelClient } from '@shared/rpc/channel-client';
import { serveChannel } from '@shared/rpc/channel-server';
import { createEngine, type Engine } from '../../../engine/engine';
import { ndjsonChannel } from '../../../engine/rpc/ndjson-channel';
import { MemorySecretStore } from '../../../engine/secrets/secret-store';
import { LivesMirror } from './lives-mirror';
import { reconnectingClient } from './reconnecting-client';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function engine(): Promise<Engine> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lm-reconnect-'));
  const made = await createEngine({ appVersion: '1.0.0', dataDir, secrets: new MemorySecretStore(), mode: 'single-owner' });
  cleanups.push(async () => {
    await made.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return made;
}

/** One "connection" to the engine, as an SSH exec channel would be; `cut()` drops it. */
function connection(target: Engine) {
  const [appSide, agentSide] = duplexPair();
  const server = serveChannel(ndjsonChannel(agentSide), {
    router: target.router,
    events: target.events,
    context: { transport: 'stream' },
  });
  const client = createChannelClient(engineContract, ndjsonChannel(appSide), { peerName: 'vps', timeoutMs: 10_000 });
  return {
    client,
    cut: () => {
      agentSide.destroy();
      appSide.destroy();
      server.close();
    },
  };
}

describe('reconnectingClient', () => {
  it('moves event listeners to each new connection, fails calls between them, and replays nothing', async () => {
    const agent = await engine();
    const mirror = new LivesMirror();
    let closed = false;
    const client = reconnectingClient(engineContract, {
      peerName: 'vps',
      onClose: () => (closed = true),
      observe: (e, p) => mirror.observe(e, p),
    });
    const titles: string[] = [];
    client.api.on('live.updated', (live: Live) => titles.push(live.title));

    await expect(client.api.lives.list()).rejects.toMatchObject({
      code: 'DISCONNECTED',
      message: 'Not connected to vps (not connected yet).',
    });
    const first = connection(agent);
    client.use(first.client);
    const live = await client.api.lives.create({ title: 'One', source: { kind: 'testPattern' } });
    await expect.poll(() => titles).toEqual(['One']);

    // A call in flight when the connection drops fails; it is not sent again on the next one.
    const pending = client.api.lives.update({ liveId: live.id, patch: { title: 'Never' } });
    first.cut();
    await expect(pending).rejects.toMatchObject({ code: 'DISCONNECTED' });
    client.release('the VPS is unreachable');
    await expect(client.api.lives.list()).rejects.toMatchObject({ message: 'Not connected to vps (the VPS is unreachable).' });

    // Meanwhile the agent changes (another client): a rename, and a deletion.
    await agent.router.call('lives.update', { liveId: live.id, patch: { title: 'Renamed' } }, { transport: 'ipc' });
    const second = connection(agent);
    client.use(second.client);
    titles.length = 0;
    await mirror.resync(second.client, client.emit);
    expect(titles).toEqual(['Renamed']);
    // Had the update in flight been replayed on this connection, the title would be "Never".
    expect((await client.api.lives.get({ liveId: live.id })).title).toBe('Renamed');

    const deleted: string[] = [];
    client.api.on('live.deleted', (d: { liveId: string }) => deleted.push(d.liveId));
    second.cut();
    client.release('cut');
    await agent.router.call('lives.delete', { liveId: live.id }, { transport: 'ipc' });
    const third = connection(agent);
    client.use(third.client);
    await mirror.resync(third.client, client.emit);
    expect(deleted).toEqual([live.id]);
    // Events now come from the third connection only: one event, not one per connection ever used.
    titles.length = 0;
    await client.api.lives.create({ title: 'Two', source: { kind: 'testPattern' } });
    await expect.poll(() => titles).toEqual(['Two']);

    client.close();
    expect(closed).toBe(true);
    await expect(client.api.lives.list()).rejects.toMatchObject({ message: 'Not connected to vps (closed).' });
    third.cut();
  });
});
