import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelPreview, Provider } from '@shared/contract/iptv';
import type { Live, LiveState, RunDetail } from '@shared/contract/lives';
import { ChannelOrigin } from '../../support/iptv/channel-origin';
import { startFakeXtreamPanel, type FakeXtreamPanel } from '../../support/iptv/fake-xtream-panel';
import { rpcErrorOf, startIptvEngine, type IptvTestEngine } from '../../support/iptv/iptv-engine';
import { probeStreams } from '../../support/media';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../../support/nginx-rtmp';
import { waitFor } from '../../support/ports';
import { FAST_RUNTIME } from '../../support/restream-engine';

const PASSWORD = 'Chan-Restream-Secret-42';
const KEY = 'chan-key-0001';
const YEAR_AHEAD = Math.floor(Date.now() / 1000) + 365 * 86400;

// "Send to…": a live whose source is an IPTV channel, restreamed by the real runtime to nginx-rtmp.
// The channel is served by a fake Xtream panel from an origin made by FFmpeg (live MPEG-TS per
// connection, live HLS), and the panel refuses anything but a VLC User-Agent.
describe.skipIf(!nginxRtmpAvailable())('restreaming an IPTV channel', () => {
  let origin: ChannelOrigin;
  let panel: FakeXtreamPanel;
  let peer: RtmpPeer;
  let t: IptvTestEngine;
  let tsPanel: Provider;
  let onePanel: Provider;

  beforeAll(async () => {
    [origin, peer] = await Promise.all([ChannelOrigin.start(), startNginxRtmp({ keys: [KEY] })]);
    panel = await startFakeXtreamPanel({
      accounts: {
        // Plays .ts only (no m3u8 among the allowed formats).
        tom: { password: PASSWORD, maxConnections: 2, expDate: YEAR_AHEAD, formats: ['ts'] },
        // One connection for everything.
        una: { password: PASSWORD, maxConnections: 1, expDate: YEAR_AHEAD },
      },
      channels: 3,
      categories: 1,
      requireUserAgent: /^VLC\//,
      streams: origin,
    });
    t = await startIptvEngine({ allDomains: { runtime: FAST_RUNTIME } });
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
    [tsPanel, onePanel] = await Promise.all([add('tom', 'Panel TS'), add('una', 'Panel One')]);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await Promise.all([panel?.close(), peer?.close(), origin?.close()]);
  });

  const createLive = (title: string, provider: Provider, channelId: string, destinations: unknown[]): Promise<Live> =>
    t.call<Live>('lives.create', {
      title,
      source: { kind: 'iptvChannel', providerId: provider.id, channelId, channelName: title },
      destinations,
    });
  const stateOf = async (liveId: string): Promise<LiveState> => (await t.call<Live>('lives.get', { liveId })).state;
  const waitForState = (liveId: string, state: LiveState) =>
    waitFor(async () => (await stateOf(liveId)) === state, { timeoutMs: 60_000, what: () => `live ${liveId} to be ${state}` });
  const tunersOf = async (provider: Provider) =>
    (await t.call<Provider>('iptv.getProvider', { providerId: provider.id })).status.tuners.inUse.map(
      (u) => `${u.purpose} ${u.label}`,
    );
  const lastRun = async (liveId: string): Promise<RunDetail> => {
    const runs = await t.call<{ items: { id: string }[] }>('lives.listRuns', { liveId, limit: 1 });
    return t.call<RunDetail>('lives.getRun', { runId: runs.items[0]?.id });
  };

  it('sends the channel to nginx-rtmp as it is, resolving its address at start and holding one connection for the run', async () => {
    const live = await createLive('Match du soir', tsPanel, 'x1001', [
      { name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: KEY },
    ]);
    // The live keeps the channel, never its address.
    expect(live.source).toEqual({
      kind: 'iptvChannel',
      providerId: tsPanel.id,
      channelId: 'x1001',
      channelName: 'Match du soir',
    });
    await t.call('lives.start', { liveId: live.id });
    await waitForState(live.id, 'live');
    expect(await tunersOf(tsPanel)).toEqual(['live Match du soir']);
    const stat = await peer.waitForBytes(KEY, 50_000);
    expect(stat.videoCodec).toBe('H264');
    const pulled = await probeStreams(peer.publishUrl(KEY));
    expect(pulled.map((s) => s.codecName).sort()).toEqual(['aac', 'h264']);
    // The probe read the channel with the panel's User-Agent too, so `auto` copied it.
    const detail = await lastRun(live.id);
    expect(JSON.stringify(detail)).toContain('Sending the source as it is');
    expect(panel.server.requests.filter((r) => r.path.startsWith('/live/')).every((r) => /^VLC\//.test(r.userAgent ?? ''))).toBe(
      true,
    );

    await t.call('lives.stop', { liveId: live.id });
    await waitForState(live.id, 'ended');
    expect(await tunersOf(tsPanel)).toEqual([]);
    // Nothing secret in what clients and the journal see, the FFmpeg command line included.
    const seen = JSON.stringify([await t.call('lives.get', { liveId: live.id }), await lastRun(live.id), t.events]);
    expect(seen).not.toContain(PASSWORD);
  });

  it('refuses clearly when the provider is full, naming what holds its connection, across previews and lives', async () => {
    const live = await createLive('Concert', onePanel, 'x1000', [{ name: 'Preview', kind: 'hls-local' }]);
    const preview = await t.call<ChannelPreview>('iptv.startPreview', { providerId: onePanel.id, channelId: 'x1002' });
    const refused = await rpcErrorOf(t.call('lives.start', { liveId: live.id }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe('The only connection of “Panel One” is in use (preview “News 24 2”). Stop it first.');
    // The refused start is a failed run with that sentence, not a live stuck in `starting`.
    expect(await stateOf(live.id)).toBe('failed');
    expect((await lastRun(live.id)).run.endReason).toBe(refused.message);

    await t.call('iptv.stopPreview', { previewId: preview.previewId });
    await t.call('lives.start', { liveId: live.id });
    await waitForState(live.id, 'live');
    const busy = await rpcErrorOf(t.call('iptv.startPreview', { providerId: onePanel.id, channelId: 'x1002' }));
    expect(busy.code).toBe('CONFLICT');
    expect(busy.message).toBe('The only connection of “Panel One” is in use (live “Concert”). Stop it first.');
    await t.call('lives.stop', { liveId: live.id });
    expect(await tunersOf(onePanel)).toEqual([]);
  });

  it('a channel that left the provider’s list fails the start with a sentence, and takes no connection', async () => {
    const live = await createLive('Gone', onePanel, 'x4242', [{ name: 'Preview', kind: 'hls-local' }]);
    const refused = await rpcErrorOf(t.call('lives.start', { liveId: live.id }));
    expect(refused.code).toBe('NOT_FOUND');
    expect(refused.message).toMatch(/No channel "x4242" in “Panel One” \(it may have left the provider's list\)/);
    expect(await tunersOf(onePanel)).toEqual([]);
  });
});
