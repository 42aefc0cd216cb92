import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Category, Channel, Provider } from '@shared/contract/iptv';
import { startFakeXtreamPanel, type FakeXtreamPanel } from '../../../tests/support/iptv/fake-xtream-panel';
import { ME, rpcErrorOf, startIptvEngine, type IptvTestEngine } from '../../../tests/support/iptv/iptv-engine';
import type { Page } from './catalog/catalog-reader';

const PASSWORD = 'xt-Pa55word!';
const YEAR_AHEAD = Math.floor(Date.now() / 1000) + 365 * 86400;

describe('Xtream Codes provider against a fake panel over HTTP', () => {
  let panel: FakeXtreamPanel;
  let t: IptvTestEngine;

  afterEach(async () => {
    await t?.close();
    await panel?.close();
  });

  async function add(extra: Record<string, unknown> = {}): Promise<Provider> {
    const added = await t.call<Provider>('iptv.addProvider', {
      kind: 'xtream',
      name: 'Panel',
      serverUrl: panel.url,
      username: 'bob',
      password: PASSWORD,
      ...extra,
    });
    return t.settled(added.id);
  }

  it('probes the account, imports categories and live streams, and plays m3u8 when allowed', async () => {
    panel = await startFakeXtreamPanel({
      accounts: { bob: { password: PASSWORD, maxConnections: 3, activeCons: 1, expDate: YEAR_AHEAD } },
      channels: 500,
      categories: 7,
      requireUserAgent: /^VLC\//,
    });
    t = await startIptvEngine();
    const provider = await add();
    expect(provider.status.catalog).toMatchObject({ state: 'ready', channelCount: 500, categoryCount: 7, lastError: null });
    expect(provider.status.account).toMatchObject({
      status: 'active',
      expiresAt: new Date(YEAR_AHEAD * 1000).toISOString(),
      activeConnections: 1,
      maxConnections: 3,
      allowedFormats: ['m3u8', 'ts', 'rtmp'],
      isTrial: false,
    });
    expect(provider).toMatchObject({ maxConnections: 3, source: panel.url, username: 'bob' });
    expect(provider.status.epg).toMatchObject({ state: 'ready', lastError: null });
    expect(provider.status.epg.programmeCount).toBe(500 * 3);

    const categories = await t.call<Page<Category>>('iptv.listCategories', { providerId: provider.id, limit: 3 });
    expect(categories.items.map((c) => c.name)).toEqual(['Catégorie 1', 'Catégorie 2', 'Catégorie 3']);
    expect(categories.total).toBe(7);
    const inCategory = await t.call<Page<Channel>>('iptv.listChannels', {
      providerId: provider.id,
      categoryId: 'c2',
      limit: 500,
    });
    expect(inCategory.items.every((c) => c.categoryName === 'Catégorie 2')).toBe(true);
    expect(inCategory.items).toHaveLength(72);
    const first = inCategory.items[0] as Channel;
    expect(first).toMatchObject({ id: 'x1001', tvgId: 'ch1.tv', format: 'hls', number: 2 });
    expect(first.now?.title).toMatch(/^Film du soir|Le Journal|Match|Météo|Dessin|Concert/);

    const opened = await t.iptv
      .port()
      .openChannel({ providerId: provider.id, channelId: 'x1001', caller: ME, purpose: 'live', label: 'Live A' });
    expect(opened.url).toBe(`${panel.url}/live/bob/${encodeURIComponent(PASSWORD)}/1001.m3u8`);
    expect(opened.headers['user-agent']).toMatch(/^VLC\//);
    opened.lease.release();

    // Nothing secret in the database files, the events or the answers.
    for (const file of ['livemanager.db', 'livemanager.db-wal']) {
      expect(readFileSync(path.join(t.dataDir, file)).includes(PASSWORD)).toBe(false);
    }
    expect(JSON.stringify([t.events, provider, inCategory])).not.toContain(PASSWORD);
  });

  it('plays ts when the account does not allow m3u8, and falls back to get_account_info and the short EPG', async () => {
    panel = await startFakeXtreamPanel({
      accounts: { bob: { password: PASSWORD, formats: ['ts'] } },
      channels: 20,
      accountInfo: 'action-only',
      xmltv: 'missing',
    });
    t = await startIptvEngine();
    const provider = await add();
    expect(provider.status.account?.allowedFormats).toEqual(['ts']);
    expect(panel.server.requests.some((r) => r.query.get('action') === 'get_account_info')).toBe(true);
    expect(provider.status.epg.lastError).toMatchObject({ code: 'http-status' });
    expect(provider.status.epg.lastError?.message).toContain('password=••••');

    const resolved = await t.iptv.port().resolveChannel({ providerId: provider.id, channelId: 'x1005', caller: ME });
    expect(resolved.url).toBe(`${panel.url}/live/bob/${encodeURIComponent(PASSWORD)}/1005.ts`);
    expect(resolved.format).toBe('ts');

    const guide = await t.call<{ source: string; programmes: { title: string }[] }>('iptv.channelGuide', {
      providerId: provider.id,
      channelId: 'x1005',
    });
    expect(guide.source).toBe('xtream-short-epg');
    expect(guide.programmes.map((p) => p.title)).toEqual(['Short EPG 1005 #0', 'Short EPG 1005 #1', 'Short EPG 1005 #2']);
  });

  it('enforces max_connections across previews and lives, naming what holds the slots', async () => {
    panel = await startFakeXtreamPanel({
      accounts: { bob: { password: PASSWORD, maxConnections: 2 } },
      channels: 5,
      xmltv: 'missing',
    });
    t = await startIptvEngine();
    const provider = await add();
    const port = t.iptv.port();
    const open = (channelId: string, purpose: 'live' | 'preview', label: string) =>
      port.openChannel({ providerId: provider.id, channelId, caller: ME, purpose, label });
    const live = await open('x1000', 'live', 'Match du soir');
    await open('x1001', 'preview', 'preview of Sky Sport 7');
    const error = await rpcErrorOf(open('x1002', 'preview', 'preview of News 24 2'));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(
      'All 2 connections of “Panel” are in use (live “Match du soir”, preview “preview of Sky Sport 7”). Stop one of them first.',
    );
    const busy = await t.call<Provider>('iptv.getProvider', { providerId: provider.id });
    expect(busy.status.tuners).toMatchObject({
      limit: 2,
      inUse: [{ purpose: 'live', label: 'Match du soir' }, { purpose: 'preview' }],
    });
    live.lease.release();
    const again = await open('x1002', 'preview', 'preview of News 24 2');
    expect(again.channelName).toBe('News 24 2');
    // Opened channels are the caller's recently watched, most recent first.
    const recent = await t.call<Page<Channel>>('iptv.listChannels', { providerId: provider.id, view: 'recent' });
    expect(recent.items.map((c) => c.id)).toEqual(['x1002', 'x1001', 'x1000']);
  });

  it('refuses a wrong login (auth: 0) and an expired account with their own messages, keeping the catalog', async () => {
    panel = await startFakeXtreamPanel({ accounts: { bob: { password: PASSWORD } }, channels: 10, xmltv: 'missing' });
    t = await startIptvEngine();
    const provider = await add();
    expect(provider.status.catalog.channelCount).toBe(10);

    panel.options.accounts.bob = { password: 'changed-by-the-provider' };
    await t.call('iptv.refreshProvider', { providerId: provider.id });
    const refused = await t.settled(provider.id);
    expect(refused.status.catalog.lastError).toMatchObject({
      code: 'auth-failed',
      message: 'The panel refused the username or password (auth: 0).',
    });
    expect(refused.status.catalog).toMatchObject({ state: 'ready', channelCount: 10 });
    const still = await t.call<Page<Channel>>('iptv.listChannels', { providerId: provider.id });
    expect(still.total).toBe(10);

    panel.options.accounts.bob = { password: PASSWORD, status: 'Expired', expDate: Date.parse('2024-01-01T00:00:00Z') / 1000 };
    await t.call('iptv.refreshProvider', { providerId: provider.id });
    const expired = await t.settled(provider.id);
    expect(expired.status.catalog.lastError).toMatchObject({
      code: 'account-expired',
      message: 'The provider account expired on 2024-01-01 (UTC); renew the subscription.',
    });
    expect(expired.status.account).toMatchObject({ status: 'expired', expiresAt: '2024-01-01T00:00:00.000Z' });
    expect((await t.call<Page<Channel>>('iptv.listChannels', { providerId: provider.id })).total).toBe(10);
  });

  it('reports a panel that only talks to players when the provider forces another User-Agent', async () => {
    panel = await startFakeXtreamPanel({ accounts: { bob: { password: PASSWORD } }, channels: 3, requireUserAgent: /^VLC\// });
    t = await startIptvEngine();
    const provider = await add({ userAgent: 'curl/8.0' });
    expect(provider.status.catalog).toMatchObject({ state: 'empty', channelCount: 0 });
    expect(provider.status.catalog.lastError).toMatchObject({
      code: 'auth-failed',
      message: 'The panel refused the request (HTTP 403): wrong username or password, or it blocks this User-Agent.',
    });
  });

  it('imports 100,000 live streams streamed as one JSON array over HTTP', { timeout: 240_000 }, async () => {
    panel = await startFakeXtreamPanel({
      accounts: { bob: { password: PASSWORD } },
      channels: 100_000,
      categories: 40,
      xmltv: 'missing',
    });
    t = await startIptvEngine();
    const provider = await add();
    expect(provider.status.catalog).toMatchObject({ state: 'ready', channelCount: 100_000, categoryCount: 40, lastError: null });
    const found = await t.call<Page<Channel>>('iptv.listChannels', { providerId: provider.id, query: 'eurosport 99990' });
    expect(found.items.map((c) => [c.id, c.name])).toEqual([['x100990', 'Eurosport 99990']]);
  });

  it('masks the password when a panel answers broken JSON that quotes it', async () => {
    panel = await startFakeXtreamPanel({ accounts: {}, channels: 0 });
    panel.server.route('/player_api.php', { body: `{"user_info":{"password":"${PASSWORD}","auth":1` });
    t = await startIptvEngine();
    const provider = await add();
    expect(provider.status.catalog.lastError?.code).toBe('bad-response');
    expect(provider.status.catalog.lastError?.message).toMatch(/did not answer JSON/);
    expect(JSON.stringify([provider, t.events])).not.toContain(PASSWORD);
  });
});
