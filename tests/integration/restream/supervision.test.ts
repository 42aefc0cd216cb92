import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaFixture, probeStreams } from '../../support/media';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../../support/nginx-rtmp';
import { waitFor } from '../../support/ports';
import { ffmpegPidsWith, startRestreamEngine, type RestreamEngine } from '../../support/restream-engine';

/** How many times the live has entered `state` so far (from live.updated events). */
function entries(engine: RestreamEngine, liveId: string, state: string): number {
  return (engine.states.get(liveId) ?? []).filter((s) => s === state).length;
}

describe.skipIf(!nginxRtmpAvailable())('supervision against a real nginx-rtmp', () => {
  let peer: RtmpPeer;
  let engine: RestreamEngine;
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'lm-supervision-'));
    peer = await startNginxRtmp({ keys: ['kill-key-0001', 'outage-key-01', 'fan-key-a-001', 'fan-key-b-001', 'hevc-key-0001'] });
    // Stable after 1 s: each kill lands on a recovered process, so delays stay short.
    engine = await startRestreamEngine({ backoff: { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.3, stableAfterMs: 1000 } });
  });
  afterAll(async () => {
    await engine?.close();
    await peer?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  /** A private copy of a fixture: its path marks this live's FFmpeg processes. */
  async function privateClip(name: string, kind: 'h264-aac-360p' | 'hevc-ac3' = 'h264-aac-360p'): Promise<string> {
    const file = path.join(workDir, `${name}${kind === 'hevc-ac3' ? '.mkv' : '.mp4'}`);
    await copyFile(await mediaFixture(kind, 6), file);
    return file;
  }

  it('FFmpeg killed with SIGKILL 20 times: back to live each time, no orphan at the end', async () => {
    const clip = await privateClip('kill-drill');
    const live = await engine.createLive({
      title: 'Kill drill',
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: 'kill-key-0001' }],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live');
    for (let i = 0; i < 20; i += 1) {
      // Alternate the source stage and the destination's output stage.
      const marker = i % 2 === 0 ? clip : 'kill-key-0001';
      const [pid] = await waitFor(async () => {
        const pids = await ffmpegPidsWith(marker);
        return pids.length === 1 ? pids : undefined;
      });
      const livesBefore = entries(engine, live.id, 'live');
      process.kill(pid as number, 'SIGKILL');
      await waitFor(() => entries(engine, live.id, 'live') > livesBefore, {
        timeoutMs: 30_000,
        what: () => `live again after kill #${i + 1} (${(engine.states.get(live.id) ?? []).slice(-4).join(' → ')})`,
      });
      expect(entries(engine, live.id, 'reconnecting')).toBe(i + 1);
    }
    const detail = await engine.runDetail(live.id);
    expect(detail.run.restarts).toBeGreaterThanOrEqual(20);
    expect(detail.events.filter((e) => e.kind === 'restart').some((e) => /SIGKILL/.test(e.reason ?? ''))).toBe(true);
    await engine.stop(live.id);
    expect(await ffmpegPidsWith(clip)).toEqual([]);
    expect(await ffmpegPidsWith('kill-key-0001')).toEqual([]);
  }, 150_000);

  it('nginx stopped and started again: the live reconnects by itself', async () => {
    const clip = await privateClip('outage');
    const live = await engine.createLive({
      title: 'Ingest outage',
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: 'outage-key-01' }],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live');
    await peer.stop();
    await engine.waitForState(live.id, 'reconnecting');
    await peer.start();
    await engine.waitForState(live.id, 'live');
    await peer.waitForBytes('outage-key-01', 20_000);
    const detail = await engine.runDetail(live.id);
    // Connection refused while nginx was down is retried, never taken for a refused key.
    expect(detail.events.some((e) => e.kind === 'failure')).toBe(false);
    await engine.stop(live.id);
  });

  it('three destinations with one bad: the other two and the HLS preview keep going', async () => {
    const clip = await privateClip('fan-out');
    const live = await engine.createLive({
      title: 'Fan-out',
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      destinations: [
        { name: 'Good A', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: 'fan-key-a-001' },
        { name: 'Bad key', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: 'fan-key-bad-1' },
        { name: 'Good B', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: 'fan-key-b-001' },
        { name: 'Preview', kind: 'hls-local' },
      ],
    });
    const [, bad] = live.destinations;
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live');
    await waitFor(
      async () => (await engine.runDetail(live.id)).events.some((e) => e.kind === 'failure' && e.destinationId === bad?.id),
      {
        what: 'the bad destination to fail',
      },
    );
    // After the failure, the good ones keep receiving and the preview keeps rolling.
    const a0 = (await peer.waitForBytes('fan-key-a-001')).bytesIn;
    const b0 = (await peer.waitForBytes('fan-key-b-001')).bytesIn;
    const { url } = await engine.call<{ url: string }>('lives.previewUrl', { liveId: live.id });
    const sequence = async (): Promise<number> => {
      const text = await (await fetch(url)).text();
      return Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1] ?? -1);
    };
    const seq0 = await waitFor(async () => ((await sequence()) >= 0 ? sequence() : undefined), { what: 'HLS playlist' });
    await peer.waitForBytes('fan-key-a-001', a0 + 100_000);
    await peer.waitForBytes('fan-key-b-001', b0 + 100_000);
    await waitFor(async () => (await sequence()) > seq0, { timeoutMs: 20_000, what: 'new HLS segments' });
    expect((await engine.get(live.id)).state).toBe('live');
    const detail = await engine.runDetail(live.id);
    expect(detail.run.restarts).toBe(0); // nothing else was restarted because of the bad one
    expect(peer.publishAttempts('fan-key-bad-1')).toBe(1);
    // Each destination's own health reaches the UI in run.stats.
    const sample = await waitFor(() =>
      engine.events.findLast((e) => e.event === 'run.stats' && (e.payload as { liveId: string }).liveId === live.id),
    );
    const healths = (sample.payload as { stats: { destinations: { id: string; health: string; reason?: string }[] } }).stats
      .destinations;
    expect(healths.find((d) => d.id === bad?.id)).toMatchObject({
      health: 'failed',
      reason: expect.stringMatching(/refused the stream key/),
    });
    expect(healths.filter((d) => d.health === 'live')).toHaveLength(3);
    await engine.stop(live.id);
  });

  it('an HEVC + AC3 source arrives as H.264 + AAC', async () => {
    const clip = await privateClip('hevc-source', 'hevc-ac3');
    const live = await engine.createLive({
      title: 'HEVC source',
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: 'hevc-key-0001' }],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live', 45_000);
    await peer.waitForBytes('hevc-key-0001', 20_000);
    const pulled = await probeStreams(peer.publishUrl('hevc-key-0001'));
    expect(pulled.map((s) => s.codecName).sort()).toEqual(['aac', 'h264']);
    const detail = await engine.runDetail(live.id);
    const note = detail.events.find((e) => e.kind === 'note' && e.reason?.startsWith('Encoding:'))?.reason ?? '';
    expect(note).toMatch(/HEVC/);
    expect(note).toMatch(/AC3/);
    await engine.stop(live.id);
  });
});
