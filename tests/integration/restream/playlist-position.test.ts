import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStats } from '@shared/contract/lives';
import { mediaFixture } from '../../support/media';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../../support/nginx-rtmp';
import { startRestreamEngine, type RestreamEngine } from '../../support/restream-engine';
import { waitFor } from '../../support/wait-for';

const KEY = `now-playing-${process.pid}`;
const SHUFFLED_KEY = `now-playing-shuffled-${process.pid}`;

describe.skipIf(!nginxRtmpAvailable())('a playlist live reports what is playing and what comes next', () => {
  let peer: RtmpPeer;
  let engine: RestreamEngine;
  let workDir: string;
  beforeAll(async () => {
    peer = await startNginxRtmp({ keys: [KEY, SHUFFLED_KEY] });
    engine = await startRestreamEngine();
    workDir = await mkdtemp(path.join(tmpdir(), 'lm-now-playing-'));
  });
  afterAll(async () => {
    await engine?.close();
    await peer?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('the run.stats position moves from file 1 to file 2 (then 3) as FFmpeg plays them', async () => {
    const names = ['first-clip.mp4', 'second-clip.mp4', 'third-clip.mp4'];
    const paths = names.map((name) => path.join(workDir, name));
    for (const file of paths) await copyFile(await mediaFixture('h264-aac-360p', 4), file);
    const live = await engine.createLive({
      title: 'Now playing',
      source: { kind: 'playlist', paths },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: KEY }],
    });
    const positions = () =>
      engine.events
        .filter((e) => e.event === 'run.stats')
        .map((e) => e.payload as { liveId: string; stats: RunStats })
        .filter((p) => p.liveId === live.id)
        .map((p) => p.stats.playlist);
    await engine.start(live.id);
    const first = await waitFor(() => positions().find((p) => p?.playing.index === 0), {
      timeoutMs: 30_000,
      what: 'file 1 reported as playing',
    });
    expect(first).toEqual({
      count: 3,
      playing: { index: 0, name: 'first-clip.mp4' },
      next: { index: 1, name: 'second-clip.mp4' },
    });
    const second = await waitFor(() => positions().find((p) => p?.playing.index === 1), {
      timeoutMs: 30_000,
      what: () => `file 2 reported as playing (seen: ${JSON.stringify(positions().at(-1))})`,
    });
    expect(second).toEqual({
      count: 3,
      playing: { index: 1, name: 'second-clip.mp4' },
      next: { index: 2, name: 'third-clip.mp4' },
    });
    // The move was not a stale first sample: file 1 was seen first, file 2 after it.
    const seen = positions().map((p) => p?.playing.index);
    expect(seen.indexOf(0)).toBeLessThan(seen.indexOf(1));
    const last = await waitFor(() => positions().find((p) => p?.playing.index === 2), { timeoutMs: 30_000, what: 'file 3' });
    expect(last.next).toBeNull();
    await engine.waitForState(live.id, 'ended', 30_000);
  }, 90_000);

  it('a shuffled playlist names its files in the order this run plays them (its ffconcat list)', async () => {
    const names = ['alpha.mp4', 'bravo.mp4', 'charlie.mp4', 'delta.mp4', 'echo.mp4'];
    const paths = names.map((name) => path.join(workDir, name));
    for (const file of paths) await copyFile(await mediaFixture('h264-aac-360p', 4), file);
    const live = await engine.createLive({
      title: 'Shuffled',
      source: { kind: 'playlist', paths, shuffle: true },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: SHUFFLED_KEY }],
    });
    await engine.start(live.id);
    const first = await waitFor(
      () =>
        engine.events
          .filter((e) => e.event === 'run.stats')
          .map((e) => e.payload as { liveId: string; stats: RunStats })
          .find((p) => p.liveId === live.id && p.stats.playlist)?.stats.playlist,
      { timeoutMs: 30_000, what: 'a playlist position' },
    );
    const list = await readFile(path.join(engine.dataDir, 'run', `${live.id}.ffconcat`), 'utf8');
    const played = [...list.matchAll(/^file '(.*)'$/gm)].map((m) => path.basename(m[1] ?? ''));
    expect(played).toHaveLength(5);
    expect([first.playing.name, first.next?.name]).toEqual([played[0], played[1]]);
    await engine.stop(live.id);
  }, 60_000);
});
