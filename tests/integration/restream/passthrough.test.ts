import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStats } from '@shared/contract/lives';
import { mediaFixture, probeStreams } from '../../support/media';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../../support/nginx-rtmp';
import { waitFor } from '../../support/wait-for';
import { ffmpegPidsWith, startRestreamEngine, type RestreamEngine } from '../../support/restream-engine';

type RunStatsEvent = { liveId: string; runId: string; stats: RunStats };

describe.skipIf(!nginxRtmpAvailable())('restream to nginx-rtmp: passthrough and refused key', () => {
  let peer: RtmpPeer;
  let engine: RestreamEngine;
  let clip: string;

  beforeAll(async () => {
    [peer, clip] = await Promise.all([startNginxRtmp({ keys: ['good-key-0001'] }), mediaFixture('h264-aac-360p', 6)]);
    engine = await startRestreamEngine();
  });
  afterAll(async () => {
    await engine?.close();
    await peer?.close();
  });

  it('sends an H.264/AAC file as it is: live only once nginx receives it, HLS preview served, clean stop', async () => {
    const live = await engine.createLive({
      title: 'Passthrough',
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      destinations: [
        { name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: 'good-key-0001' },
        { name: 'Preview', kind: 'hls-local' },
      ],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live');
    // `live` was not claimed before nginx had bytes: starting came first.
    expect(engine.states.get(live.id)).toEqual(['draft', 'queued', 'starting', 'live']);
    // The figures agree with the badge at once: the first sample after going live shows the
    // destination live and frames flowing (not the "connecting, 0 fps" of a sample taken before).
    const wentLive = engine.events.findIndex(
      (e) =>
        e.event === 'live.updated' &&
        (e.payload as { id: string; state: string }).id === live.id &&
        (e.payload as { state: string }).state === 'live',
    );
    const first = await waitFor(
      () => engine.events.slice(wentLive).find((e) => e.event === 'run.stats' && (e.payload as RunStatsEvent).liveId === live.id),
      { timeoutMs: 2000, what: 'a statistics sample right after going live' },
    );
    const firstStats = (first.payload as RunStatsEvent).stats;
    expect(firstStats.destinations.find((d) => d.id === live.destinations[0]?.id)?.health).toBe('live');
    expect(firstStats.fps).toBeGreaterThan(0);
    const stat = await peer.waitForBytes('good-key-0001', 20_000);
    expect(stat.videoCodec).toBe('H264');

    const pulled = await probeStreams(peer.publishUrl('good-key-0001'));
    expect(pulled.map((s) => s.codecName).sort()).toEqual(['aac', 'h264']);
    expect(pulled.find((s) => s.codecType === 'video')?.height).toBe(360);

    const detail = await engine.runDetail(live.id);
    expect(detail.events.some((e) => e.kind === 'note' && e.reason?.includes('no re-encoding'))).toBe(true);
    // The key never reaches the journal or the log.
    expect(JSON.stringify(detail)).not.toContain('good-key-0001');

    const { url } = await engine.call<{ url: string; available: boolean }>('lives.previewUrl', { liveId: live.id });
    const playlist = await waitFor(
      async () => {
        const response = await fetch(url);
        return response.ok ? response.text() : undefined;
      },
      { timeoutMs: 20_000, what: 'the HLS preview playlist' },
    );
    expect(playlist).toContain('#EXTINF');

    // Statistics and log lines are pushed as contract events; the UI never polls.
    const stats = await waitFor(() =>
      engine.events.findLast(
        (e) =>
          e.event === 'run.stats' &&
          (e.payload as RunStatsEvent).liveId === live.id &&
          (e.payload as RunStatsEvent).stats.cpuPercent > 0,
      ),
    );
    const sample = (stats.payload as RunStatsEvent).stats;
    expect(sample.destinations).toContainEqual({ id: live.destinations[0]?.id, health: 'live' });
    expect(sample.rssBytes).toBeGreaterThan(1_000_000);

    const stopped = await engine.stop(live.id);
    expect(stopped.state).toBe('ended');
    const logged = engine.events.filter((e) => e.event === 'run.log' && (e.payload as { liveId: string }).liveId === live.id);
    const lines = logged.flatMap((e) => (e.payload as { lines: string[] }).lines).join('\n');
    expect(lines).toMatch(/\[source\] FFmpeg \d+ ended by q/);
    // Two outputs go through the hub: each output stops at the end of its input, flushed.
    expect(lines).toMatch(/\[Preview\] FFmpeg \d+ ended by endOfInput \(code 0\)/);
    expect(await ffmpegPidsWith(clip)).toEqual([]);
    expect(await ffmpegPidsWith(`hls/${live.id}`)).toEqual([]);
  });

  it('a refused key fails the live with a clear reason and is not retried', async () => {
    const live = await engine.createLive({
      title: 'Wrong key',
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      destinations: [{ name: 'Twitch test', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: 'wrong-key-9999' }],
    });
    await engine.start(live.id);
    const failed = await engine.waitForState(live.id, 'failed');
    expect(failed.currentRunId).toBeUndefined();
    const detail = await engine.runDetail(live.id);
    expect(detail.run.endReason).toMatch(/refused the stream key for Twitch test/);
    expect(detail.run.restarts).toBe(0);
    expect(peer.publishAttempts('wrong-key-9999')).toBe(1);
    expect(JSON.stringify(detail)).not.toContain('wrong-key-9999');
    expect(await ffmpegPidsWith(clip)).toEqual([]);
  });
});
