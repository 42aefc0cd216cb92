import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '@shared/contract';
import { createChannelClient, type ChannelClient } from '@shared/rpc/channel-client';
import { websocketChannel, type WebSocketLike } from '@shared/rpc/websocket-channel';
import { openWebSocket } from '../../tests/support/rpc-peers';
import { bindSession } from '../engine/accounts/session-binding';
import { createEngine, type Engine } from '../engine/engine';
import { MemorySecretStore } from '../engine/secrets/secret-store';
import { startWebHost, type WebHost } from './web-host';

const PASSWORD = 'correct horse battery';
let dataDir: string;
let engine: Engine;
let host: WebHost;
const clients: ChannelClient<typeof contract>[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lm-webhost-shared-'));
  engine = await createEngine({ appVersion: 'test', dataDir, secrets: new MemorySecretStore(), mode: 'shared' });
  host = await startWebHost({
    router: engine.router,
    events: engine.events,
    rendererDir: dataDir,
    dataDir,
    sessions: { canReceive: engine.canReceive, updateContext: bindSession },
  });
});
afterAll(async () => {
  for (const client of clients) client.close();
  await host?.close();
  await engine?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function browserTab(): Promise<ChannelClient<typeof contract>> {
  const socket = await openWebSocket(`${host.origin.replace('http', 'ws')}/rpc?token=${host.token}`);
  const client = createChannelClient(contract, websocketChannel(socket as unknown as WebSocketLike));
  clients.push(client);
  return client;
}

describe('web host in shared mode (--mode shared)', () => {
  it('asks each tab to sign in, binds the session to its WebSocket, filters events, and keeps host events for the page', async () => {
    const tab = await browserTab();
    expect(await tab.api.auth.status()).toMatchObject({ mode: 'shared', authenticated: false });
    await expect(tab.api.lives.list()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await tab.api.auth.register({ email: 'admin@example.com', password: PASSWORD });
    const { token } = await tab.api.auth.login({ email: 'admin@example.com', password: PASSWORD });
    await expect(tab.api.lives.list()).resolves.toEqual({ items: [], nextCursor: null });

    // Another tab is a stranger until it presents the session (as the page does after a reconnection).
    const other = await browserTab();
    const seen: string[] = [];
    other.api.on('users.changed', ({ user }) => seen.push(user.email));
    other.api.on('settings.changed', () => seen.push('settings'));
    await tab.api.auth.register({ email: 'guest@example.com', password: PASSWORD }).catch(() => undefined);
    await tab.api.settings.update({ theme: 'light' });
    const deadline = Date.now() + 10_000;
    while (!seen.includes('settings') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['settings']); // the host's own event, but no account news for a stranger
    expect(await other.api.auth.useSession({ token })).toMatchObject({ authenticated: true, isAdmin: true });
    await tab.api.auth.register({ email: 'third@example.com', password: PASSWORD });
    while (!seen.includes('third@example.com') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(seen).toContain('third@example.com');
  });
});
