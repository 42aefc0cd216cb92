import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ChannelPreview, Provider } from '@shared/contract/iptv';
import type { Live } from '@shared/contract/lives';
import { ChannelOrigin } from '../../../tests/support/iptv/channel-origin';
import { startFakeXtreamPanel, type FakeXtreamPanel } from '../../../tests/support/iptv/fake-xtream-panel';
import { rpcErrorOf, startIptvEngine, type IptvTestEngine } from '../../../tests/support/iptv/iptv-engine';
import { probeStreams } from '../../../tests/support/media';
import { waitFor } from '../../../tests/support/ports';

const PASSWORD = 'Prev1ew-Secret-9876';
const YEAR_AHEAD = Math.floor(Date.now() / 1000) + 365 * 86400;

// A channel played in the app through the engine: real FFmpeg reads the panel's stream (with the
// User-Agent the panel demands) and writes HLS served on the engine's loopback preview server.
describe('IPTV channel previews through the engine', () => {
  let origin: ChannelOrigin;
  let panel: FakeXtreamPanel;
  let t: IptvTestEngine;
  let hlsProvider: Provider;
  let tsProvider: Provider;

  beforeAll(async () => {
    origin = await ChannelOrigin.start();
    panel = await startFakeXtreamPanel({
      accounts: {
        alice: { password: PASSWORD, maxConnections: 1, expDate: YEAR_AHEAD },
        // A panel that only serves MPEG-TS: the preview remuxes it to HLS all the same.
        tina: { password: PASSWORD, maxConnections: 2, expDate: YEAR_AHEAD, formats: ['ts'] },
      },
      channels: 4,
      categories: 2,
      requireUserAgent: /^VLC\//,
      streams: origin,
      deadStreams: [1003],
    });
    t = await startIptvEngine({ allDomains: {}, iptv: { preview: { idleMs: 2_500 } } });
    const add = async (username: string, name: string): Promise<Provider> => {
      const added = await t.call<Provider>('iptv.addProvider', {
        kind: 'xtream',
        name,
        serverUrl: panel.url,
        username,
        password: PASSWORD,
      });
      return t.settled(added.id);
    };
    [hlsProvider, tsProvider] = await Promise.all([add('alice', 'Panel HLS'), add('tina', 'Panel TS')]);
  }, 90_000);

  afterAll(async () => {
    await t?.close();
    await panel?.close();
    await origin?.close();
  });

  const tunersOf = async (providerId: string) =>
    (await t.call<Provider>('iptv.getProvider', { providerId })).status.tuners.inUse.map((u) => `${u.purpose} ${u.label}`);

  it('plays an HLS channel on loopback with the panel’s User-Agent, holding one connection until stopped', async () => {
    const preview = await t.call<ChannelPreview>('iptv.startPreview', { providerId: hlsProvider.id, channelId: 'x1000' });
    expect(preview).toMatchObject({ providerId: hlsProvider.id, channelId: 'x1000', channelName: 'Eurosport 0' });
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/iptv\/preview\/[\w-]+\/index\.m3u8$/);
    expect(JSON.stringify(preview)).not.toContain(PASSWORD);

    const playlist = await fetch(preview.url);
    expect(playlist.status).toBe(200);
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(await playlist.text()).toMatch(/^#EXTM3U[\s\S]*\.ts/);
    const streams = await probeStreams(preview.url);
    expect(streams.map((s) => s.codecName).sort()).toEqual(['aac', 'h264']);
    // The panel refuses any other User-Agent: FFmpeg sent the provider's for the playlist and segments.
    const streamRequests = panel.server.requests.filter((r) => r.path.startsWith('/live/'));
    expect(streamRequests.length).toBeGreaterThan(1);
    expect(streamRequests.every((r) => /^VLC\//.test(r.userAgent ?? ''))).toBe(true);

    expect(await tunersOf(hlsProvider.id)).toEqual(['preview Eurosport 0']);
    await t.call('iptv.stopPreview', { previewId: preview.previewId });
    expect(await tunersOf(hlsProvider.id)).toEqual([]);
    expect((await fetch(preview.url)).status).toBe(404);
  });

  it('remuxes an MPEG-TS-only channel to HLS, so the app needs one player', async () => {
    const preview = await t.call<ChannelPreview>('iptv.startPreview', { providerId: tsProvider.id, channelId: 'x1001' });
    const streams = await probeStreams(preview.url);
    expect(streams.map((s) => s.codecName).sort()).toEqual(['aac', 'h264']);
    expect(origin.tsReaders).toBe(1);
    await t.call('iptv.stopPreview', { previewId: preview.previewId });
    await waitFor(() => origin.tsReaders === 0, { what: 'the panel connection to close' });
  });

  it('one preview per person: a second channel replaces the first (a one-connection panel is not “full” of your own preview)', async () => {
    const first = await t.call<ChannelPreview>('iptv.startPreview', { providerId: hlsProvider.id, channelId: 'x1000' });
    const second = await t.call<ChannelPreview>('iptv.startPreview', { providerId: hlsProvider.id, channelId: 'x1002' });
    expect(second.previewId).not.toBe(first.previewId);
    expect(await tunersOf(hlsProvider.id)).toEqual(['preview News 24 2']);
    expect((await fetch(first.url)).status).toBe(404);
    // Asking again for the channel that plays gives the same preview.
    const again = await t.call<ChannelPreview>('iptv.startPreview', { providerId: hlsProvider.id, channelId: 'x1002' });
    expect(again.previewId).toBe(second.previewId);
    await t.call('iptv.stopPreview', { previewId: second.previewId });
  });

  it('stops a preview nobody reads any more (a closed window) and frees its connection', async () => {
    const preview = await t.call<ChannelPreview>('iptv.startPreview', { providerId: hlsProvider.id, channelId: 'x1000' });
    expect(await tunersOf(hlsProvider.id)).toHaveLength(1);
    await waitFor(async () => (await tunersOf(hlsProvider.id)).length === 0, {
      timeoutMs: 15_000,
      what: 'the unwatched preview to stop',
    });
    expect((await fetch(preview.url)).status).toBe(404);
    const error = await rpcErrorOf(t.call('iptv.stopPreview', { previewId: preview.previewId }));
    expect(error.code).toBe('NOT_FOUND');
  });

  it('a channel the panel no longer serves fails with a sentence, and the connection is given back', async () => {
    const error = await rpcErrorOf(t.call('iptv.startPreview', { providerId: hlsProvider.id, channelId: 'x1003' }));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/^“Cinéma Club 3” could not be played\. The source could not be found/);
    expect(error.message).not.toContain(PASSWORD);
    expect(await tunersOf(hlsProvider.id)).toEqual([]);
  });

  it('an unknown channel or provider is NOT_FOUND before any connection is taken', async () => {
    expect((await rpcErrorOf(t.call('iptv.startPreview', { providerId: hlsProvider.id, channelId: 'x9' }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await rpcErrorOf(t.call('iptv.startPreview', { providerId: 'nope', channelId: 'x1000' }))).code).toBe('NOT_FOUND');
    expect(await tunersOf(hlsProvider.id)).toEqual([]);
  });

  it('enforces the number of connections set for an M3U provider across previews and lives, naming what holds them', async () => {
    // An M3U playlist has no account to ask: the user says how many connections it allows.
    const file = path.join(t.dataDir, 'one-connection.m3u');
    const stream = (id: number) => `${panel.url}/live/tina/${PASSWORD}/${id}.ts`;
    writeFileSync(file, `#EXTM3U\n#EXTINF:-1,Alpha\n${stream(1000)}\n#EXTINF:-1,Beta\n${stream(1001)}\n`);
    const added = await t.call<Provider>('iptv.addProvider', {
      kind: 'm3u',
      name: 'Playlist One',
      playlist: { file },
      maxConnections: 1,
    });
    const provider = await t.settled(added.id);
    expect(provider.maxConnections).toBe(1);
    const { items } = await t.call<{ items: Channel[] }>('iptv.listChannels', { providerId: provider.id });
    const [alpha, beta] = items;
    if (!alpha || !beta) throw new Error('two channels expected');

    const preview = await t.call<ChannelPreview>('iptv.startPreview', { providerId: provider.id, channelId: alpha.id });
    const live = await t.call<Live>('lives.create', {
      title: 'Beta live',
      source: { kind: 'iptvChannel', providerId: provider.id, channelId: beta.id, channelName: 'Beta' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    const refused = await rpcErrorOf(t.call('lives.start', { liveId: live.id }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe('The only connection of “Playlist One” is in use (preview “Alpha”). Stop it first.');
    expect(await tunersOf(provider.id)).toEqual(['preview Alpha']);
    await t.call('iptv.stopPreview', { previewId: preview.previewId });
    expect(await tunersOf(provider.id)).toEqual([]);
    await waitFor(() => origin.tsReaders === 0, { what: 'the stream connection to close' });
  });
});
