import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '@shared/contract/iptv';
import type { Caller } from '../context';
import { ADMIN, rpcErrorOf, startIptvEngine, type IptvTestEngine } from '../../../tests/support/iptv/iptv-engine';
import { TestHttpServer } from '../../../tests/support/iptv/test-http-server';
import type { Page } from './catalog/catalog-reader';

const ALICE: Caller = { userId: 'alice', isAdmin: false, isApproved: true };
const BOB: Caller = { userId: 'bob', isAdmin: false, isApproved: true };

describe('providers on a shared agent: each user sees their own', () => {
  let server: TestHttpServer;
  let t: IptvTestEngine;
  let alices: Provider;

  beforeAll(async () => {
    server = await new TestHttpServer().listen();
    server.route('/a.m3u', { body: '#EXTM3U\n#EXTINF:-1,Alpha\nhttp://h/a.ts\n' });
    // Playlists are served on loopback here; the address guard has its own tests below.
    t = await startIptvEngine({ mode: 'shared', iptv: { privateNetworks: 'everyone' } });
    alices = await t.call<Provider>(
      'iptv.addProvider',
      { kind: 'm3u', name: 'Alice TV', playlist: { url: server.url('/a.m3u') } },
      ALICE,
    );
    await t.settled(alices.id, ALICE);
    await t.call('iptv.addProvider', { kind: 'm3u', name: 'Admin TV', playlist: { url: server.url('/a.m3u') } }, ADMIN);
  });

  afterAll(async () => {
    await t?.close();
    await server?.close();
  });

  it('stamps the owner and lists only the caller’s providers (all of them for an admin)', async () => {
    expect(alices.ownerId).toBe('alice');
    const names = async (caller: Caller) =>
      (await t.call<Page<Provider>>('iptv.listProviders', {}, caller)).items.map((p) => p.name);
    expect(await names(ALICE)).toEqual(['Alice TV']);
    expect(await names(BOB)).toEqual([]);
    expect(await names(ADMIN)).toEqual(['Alice TV', 'Admin TV']);
  });

  it("answers NOT_FOUND for someone else's provider, its channels and its refresh", async () => {
    for (const [method, params] of [
      ['iptv.getProvider', { providerId: alices.id }],
      ['iptv.listChannels', { providerId: alices.id }],
      ['iptv.refreshProvider', { providerId: alices.id }],
      ['iptv.deleteProvider', { providerId: alices.id }],
    ] as const) {
      expect((await rpcErrorOf(t.call(method, params, BOB))).code, method).toBe('NOT_FOUND');
    }
    await expect(t.iptv.port().resolveChannel({ providerId: alices.id, channelId: 'x', caller: BOB })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await t.call<Page<unknown>>('iptv.listChannels', { providerId: alices.id }, ADMIN)).items).toHaveLength(1);
  });

  it("sends a provider's events to its owner and the admins only", () => {
    const event = t.events.find((e) => e.event === 'iptv.providerUpdated' && (e.payload as Provider).id === alices.id);
    expect(event).toBeDefined();
    const receives = (caller: Caller) =>
      t.engine.canReceive('iptv.providerUpdated', event?.payload, { transport: 'local', caller });
    expect(receives(ALICE)).toBe(true);
    expect(receives(ADMIN)).toBe(true);
    expect(receives(BOB)).toBe(false);
  });

  it("lets only admins read files on the agent's disk", async () => {
    const error = await rpcErrorOf(
      t.call('iptv.addProvider', { kind: 'm3u', name: 'Sneaky', playlist: { file: '/etc/passwd' } }, BOB),
    );
    expect(error).toMatchObject({
      code: 'FORBIDDEN',
      message: "Only an admin can use files on the agent's disk as playlists or EPGs; use a URL.",
    });
    const epg = await rpcErrorOf(
      t.call(
        'iptv.addProvider',
        { kind: 'm3u', name: 'Sneaky', playlist: { url: server.url('/a.m3u') }, epg: [{ file: '/etc/shadow' }] },
        BOB,
      ),
    );
    expect(epg.code).toBe('FORBIDDEN');
  });

  it('refuses unapproved accounts outright', async () => {
    const pending: Caller = { userId: 'carol', isAdmin: false, isApproved: false };
    expect((await rpcErrorOf(t.call('iptv.listProviders', {}, pending))).code).toBe('FORBIDDEN');
  });
});

describe("a non-admin's provider on a shared agent cannot reach the agent's own network", () => {
  let server: TestHttpServer;
  let t: IptvTestEngine;

  beforeAll(async () => {
    server = await new TestHttpServer().listen();
    server.route('/a.m3u', { body: '#EXTM3U\n#EXTINF:-1,Alpha\nhttp://h/a.ts\n' });
    t = await startIptvEngine({ mode: 'shared' });
  });

  afterAll(async () => {
    await t?.close();
    await server?.close();
  });

  it.each([
    ['a loopback address', (port: number) => `http://127.0.0.1:${port}/a.m3u`, (port: number) => `127.0.0.1:${port}`],
    [
      'a name that resolves to loopback',
      (port: number) => `http://localhost:${port}/a.m3u`,
      (port: number) => `localhost:${port}`,
    ],
    ['an IPv6 loopback', (port: number) => `http://[::1]:${port}/a.m3u`, (port: number) => `[::1]:${port}`],
  ])('refuses %s', async (_what, url, host) => {
    const port = Number(new URL(server.origin).port);
    const before = server.requests.length;
    const added = await t.call<Provider>('iptv.addProvider', { kind: 'm3u', name: 'Probe', playlist: { url: url(port) } }, ALICE);
    const after = await t.settled(added.id, ALICE);
    expect(after.status.catalog.lastError).toMatchObject({
      code: 'private-address',
      message: `${host(port)} is a local or private network address; on a shared agent only an admin may fetch from one.`,
    });
    expect(server.requests.length).toBe(before);
  });

  it('lets an admin use one', async () => {
    const added = await t.call<Provider>(
      'iptv.addProvider',
      { kind: 'm3u', name: 'Local', playlist: { url: server.url('/a.m3u') } },
      ADMIN,
    );
    const after = await t.settled(added.id, ADMIN);
    expect(after.status.catalog).toMatchObject({ state: 'ready', channelCount: 1, lastError: null });
  });
});
