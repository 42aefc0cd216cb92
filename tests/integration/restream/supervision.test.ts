import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaFixture, probeStreams } from '../../support/media';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../../support/nginx-rtmp';
import { waitFor } from '../../support/wait-for';
import { ffmpegPidsWith, startRestreamEngine, type RestreamEngine } from '../../support/restream-engine';

// Keys are also process markers: unique per test process, so a run in another clone cannot match.
const KILL_KEY = `kill-key-${process.pid}`;
const HUB_KEY = `kill-hub-${process.pid}`;
const RESUME_KEY = `resume-key-${process.pid}`;
const PLAYLIST_KEY = `resume-list-${process.pid}`;

/** The live's latest statistics sample (pushed every second by the test runtime). */
function lastStats(engine: RestreamEngine, liveId: string): { outTimeMs: number } | undefined {
  const event = engine.events.findLast((e) => e.event === 'run.stats' && (e.payload as { liveId: string }).liveId === liveId);
  return (event?.payload as { stats: { outTimeMs: number } } | undefined)?.stats;
}

async function cmdlineOf(pid: number): Promise<string[]> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0$/, '').split('\0');
}

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
    peer = await startNginxRtmp({
      keys: [KILL_KEY, HUB_KEY, RESUME_KEY, PLAYLIST_KEY, 'outage-key-01', 'fan-key-a-001', 'fan-key-b-001', 'hevc-key-0001'],
    });
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

  /** Kill the FFmpeg found by each marker in turn, `times` times: live again after each kill. */
  async function killDrill(liveId: string, markers: readonly string[], times: number): Promise<void> {
    for (let i = 0; i < times; i += 1) {
      const marker = markers[i % markers.length] as string;
      const [pid] = await waitFor(async () => {
        const pids = await ffmpegPidsWith(marker);
        return pids.length === 1 ? pids : undefined;
      });
      const livesBefore = entries(engine, liveId, 'live');
      process.kill(pid as number, 'SIGKILL');
      await waitFor(() => entries(engine, liveId, 'live') > livesBefore, {
        timeoutMs: 30_000,
        what: () => `live again after kill #${i + 1} (${(engine.states.get(liveId) ?? []).slice(-4).join(' → ')})`,
      });
      expect(entries(engine, liveId, 'reconnecting')).toBe(i + 1);
    }
    const detail = await engine.runDetail(liveId);
    expect(detail.run.restarts).toBeGreaterThanOrEqual(times);
    expect(detail.events.filter((e) => e.kind === 'restart').some((e) => /SIGKILL/.test(e.reason ?? ''))).toBe(true);
  }

  it('FFmpeg killed with SIGKILL 10 times in direct mode (one destination, one process): back to live each time, no orphan', async () => {
    const clip = await privateClip('kill-drill');
    const live = await engine.createLive({
      title: 'Kill drill (direct)',
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: KILL_KEY }],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live');
    // Direct mode: ONE FFmpeg reads the clip and pushes to the ingest.
    const [pid] = await waitFor(async () => {
      const pids = await ffmpegPidsWith(clip);
      return pids.length === 1 ? pids : undefined;
    });
    expect(await ffmpegPidsWith(KILL_KEY)).toEqual([pid]);
    // (The key marks the process: a resumed one reads a list of plays, not the clip itself.)
    await killDrill(live.id, [KILL_KEY], 10);
    // Every reconnection of the output is a counted restart: publishes = first one + restarts.
    expect(peer.publishAttempts(KILL_KEY)).toBe((await engine.runDetail(live.id)).run.restarts + 1);
    await engine.stop(live.id);
    expect(await ffmpegPidsWith(clip)).toEqual([]);
    expect(await ffmpegPidsWith(KILL_KEY)).toEqual([]);
  }, 120_000);

  it('FFmpeg killed with SIGKILL 10 times through the hub (two destinations), alternating source and output', async () => {
    const clip = await privateClip('kill-drill-hub');
    const live = await engine.createLive({
      title: 'Kill drill (hub)',
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      destinations: [
        { name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: HUB_KEY },
        { name: 'Preview', kind: 'hls-local' },
      ],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live');
    await killDrill(live.id, [clip, HUB_KEY], 10);
    await engine.stop(live.id);
    expect(await ffmpegPidsWith(clip)).toEqual([]);
    expect(await ffmpegPidsWith(HUB_KEY)).toEqual([]);
  }, 120_000);

  it('a direct-mode looping file killed mid-way resumes near its position and plays on without another reconnection', async () => {
    const clip = await privateClip('resume');
    const live = await engine.createLive({
      title: 'Resume',
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: RESUME_KEY }],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live');
    // Past the first play of the 6 s clip, then between two whole seconds of the second one.
    const sample = await waitFor(
      () => {
        const stats = lastStats(engine, live.id);
        return stats && stats.outTimeMs >= 7500 && stats.outTimeMs % 6000 >= 1000 && stats.outTimeMs % 6000 <= 4000
          ? { outTimeMs: stats.outTimeMs, seenAt: Date.now() }
          : undefined;
      },
      { timeoutMs: 40_000, what: 'the live to play past 7.5 s' },
    );
    const [pid] = await ffmpegPidsWith(RESUME_KEY);
    process.kill(pid as number, 'SIGKILL');
    const playedAtKill = (sample.outTimeMs + (Date.now() - sample.seenAt)) / 1000;
    const resumed = await waitFor(async () => {
      const [next] = await ffmpegPidsWith(RESUME_KEY);
      return next && next !== pid ? { pid: next, args: await cmdlineOf(next) } : undefined;
    });
    const eventsBefore = engine.events.length;
    // The rest of this play, then whole plays, in ONE process: a concat list, no -stream_loop
    // (FFmpeg would apply a seek to every loop) and no input -ss.
    expect(resumed.args).not.toContain('-ss');
    expect(resumed.args).not.toContain('-stream_loop');
    const listPath = resumed.args[resumed.args.indexOf('-i') + 1] as string;
    expect(listPath).toMatch(/\.resume\.ffconcat$/);
    const lines = (await readFile(listPath, 'utf8')).trimEnd().split('\n');
    expect(lines[1]).toBe(`file '${clip}'`);
    const startAt = Number(/^inpoint ([\d.]+)$/.exec(lines[2] ?? '')?.[1]);
    // The position in the clip: played time modulo 6 s, give or take the last second of reporting.
    expect(startAt).toBeGreaterThan(0);
    expect(startAt).toBeLessThan(6);
    const expected = playedAtKill % 6;
    const gap = Math.min(Math.abs(startAt - expected), 6 - Math.abs(startAt - expected));
    expect(gap).toBeLessThan(2);
    expect(lines.slice(3).length).toBeGreaterThan(100); // whole plays chained after it
    expect(new Set(lines.slice(3))).toEqual(new Set([`file '${clip}'`]));
    // Past the end of the resumed play (and into the next): still the same process, one publish more.
    // (The resumed process's own clock, from statistics sampled after it started.)
    const outTimes = (): number[] =>
      engine.events
        .slice(eventsBefore)
        .filter((e) => e.event === 'run.stats' && (e.payload as { liveId: string }).liveId === live.id)
        .map((e) => (e.payload as { stats: { outTimeMs: number } }).stats.outTimeMs);
    const pastBoundary = (6 - startAt) * 1000 + 3000;
    await waitFor(
      () => {
        const times = outTimes();
        const fresh = times.findIndex((t) => t < 2500);
        return fresh >= 0 && times.slice(fresh).some((t) => t > pastBoundary);
      },
      { timeoutMs: 25_000, what: 'the resumed process to play past the end of the resumed play' },
    );
    expect(await ffmpegPidsWith(RESUME_KEY)).toEqual([resumed.pid]);
    expect((await engine.get(live.id)).state).toBe('live');
    const detail = await engine.runDetail(live.id);
    expect(detail.run.restarts).toBe(1); // the kill, and no other reconnection
    expect(peer.publishAttempts(RESUME_KEY)).toBe(2); // the first publish and the one after the kill
    await engine.stop(live.id);
  }, 90_000);

  it('a direct-mode playlist killed in its second file resumes there (concat inpoint), not from the first file', async () => {
    const first = await privateClip('list-first'); // 6 s
    const second = path.join(workDir, 'list-second.mp4');
    await copyFile(await mediaFixture('h264-aac-360p', 4), second);
    const live = await engine.createLive({
      title: 'Resume playlist',
      source: { kind: 'playlist', paths: [first, second] },
      loop: { kind: 'forever' },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: PLAYLIST_KEY }],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live');
    const sample = await waitFor(
      () => {
        const stats = lastStats(engine, live.id);
        return stats && stats.outTimeMs >= 7000 && stats.outTimeMs <= 8500
          ? { outTimeMs: stats.outTimeMs, seenAt: Date.now() }
          : undefined;
      },
      { timeoutMs: 40_000, what: 'the live to play 1 s into the second file' },
    );
    const [pid] = await ffmpegPidsWith(PLAYLIST_KEY);
    process.kill(pid as number, 'SIGKILL');
    const playedAtKill = (sample.outTimeMs + (Date.now() - sample.seenAt)) / 1000;
    const args = await waitFor(async () => {
      const [next] = await ffmpegPidsWith(PLAYLIST_KEY);
      return next && next !== pid ? cmdlineOf(next) : undefined;
    });
    expect(args).not.toContain('-ss');
    expect(args).not.toContain('-stream_loop'); // whole plays are chained in the list instead
    const listPath = args[args.indexOf('-i') + 1] as string;
    expect(listPath).toMatch(/\.resume\.ffconcat$/);
    const list = await readFile(listPath, 'utf8');
    const inpoint = Number(/file '([^']+)'\ninpoint ([\d.]+)/.exec(list)?.[2]);
    // The rest of the second file first, then whole plays of the playlist (first, second, …).
    expect(list.split('\n').slice(1, 5)).toEqual([
      `file '${second}'`,
      expect.stringMatching(/^inpoint /),
      `file '${first}'`,
      `file '${second}'`,
    ]);
    expect(Math.abs(inpoint - (playedAtKill - 6))).toBeLessThan(2);
    await engine.waitForState(live.id, 'live');
    await engine.stop(live.id);
  }, 90_000);

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
    // Two outputs or more keep the hub: the clip is read by one source FFmpeg, and each
    // destination has its own output FFmpeg (independent restarts).
    const sources = await ffmpegPidsWith(clip);
    expect(sources).toHaveLength(1);
    const sourceArgs = await cmdlineOf(sources[0] as number);
    expect(sourceArgs.at(-1)).toBe('pipe:1'); // MPEG-TS to the hub
    expect(sourceArgs.join(' ')).not.toMatch(/fan-key|hls/);
    const writers = await ffmpegPidsWith(`hls/${live.id}`);
    expect(writers).toHaveLength(1);
    expect((await cmdlineOf(writers[0] as number)).join(' ')).toContain('-f mpegts -i pipe:0'); // fed by the hub
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
