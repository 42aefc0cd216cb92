import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaFixture } from '../../support/media';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../../support/nginx-rtmp';
import { startRestreamEngine, type RestreamEngine } from '../../support/restream-engine';

const run = promisify(execFile);
const MIXED_KEY = `mixed-list-${process.pid}`;
const SAME_KEY = `same-list-${process.pid}`;

/**
 * Every video frame the ingest hands out (pulled back from nginx-rtmp) until the publisher stops:
 * nginx then keeps the player's connection open, so ffprobe ends on 3 s without data, with an
 * error status but with every frame it read printed.
 */
async function framesAtIngest(url: string): Promise<{ pts: number; width: number; height: number }[]> {
  const args = [
    '-v',
    'error',
    '-rw_timeout',
    '3000000',
    '-select_streams',
    'v:0',
    '-show_entries',
    'frame=pts_time,width,height',
  ];
  const stdout = await run('ffprobe', [...args, '-of', 'csv=p=0', url], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }).then(
    (result) => result.stdout,
    (error: { stdout?: string }) => error.stdout ?? '',
  );
  return stdout
    .split('\n')
    .map((line) => line.split(','))
    .filter((cells) => cells.length >= 3 && cells[0] !== '' && cells[0] !== 'N/A')
    .map(([pts, width, height]) => ({ pts: Number(pts), width: Number(width), height: Number(height) }));
}

describe.skipIf(!nginxRtmpAvailable())('auto with playlists: every file is looked at', () => {
  let peer: RtmpPeer;
  let engine: RestreamEngine;
  let workDir: string;
  beforeAll(async () => {
    peer = await startNginxRtmp({ keys: [MIXED_KEY, SAME_KEY] });
    engine = await startRestreamEngine();
    workDir = await mkdtemp(path.join(tmpdir(), 'lm-playlists-'));
  });
  afterAll(async () => {
    await engine?.close();
    await peer?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('640x360@25 then 1280x720@30: the ingest receives ONE format, 1280x720 at 30 fps, with no timestamp gap', async () => {
    const small = path.join(workDir, 'mixed-small.mp4');
    const big = path.join(workDir, 'mixed-big.mp4');
    await copyFile(await mediaFixture('h264-aac-360p', 6), small);
    await copyFile(await mediaFixture('h264-aac-720p30', 6), big);
    const live = await engine.createLive({
      title: 'Mixed playlist',
      source: { kind: 'playlist', paths: [small, big] },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: MIXED_KEY }],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live', 45_000);
    const frames = await framesAtIngest(peer.publishUrl(MIXED_KEY));
    await engine.waitForState(live.id, 'ended', 30_000);

    const detail = await engine.runDetail(live.id);
    const note = detail.events.find((e) => e.kind === 'note' && e.reason?.startsWith('Encoding:'))?.reason ?? '';
    expect(note).toContain('the playlist mixes 640x360 at 25 fps and 1280x720 at 30 fps: encoding to one format');
    // Pulled from the moment it was live until the end: the switch of files (at 6 s) is in it.
    expect(frames.length).toBeGreaterThan(150);
    const span = (frames.at(-1)?.pts ?? 0) - (frames[0]?.pts ?? 0);
    expect(span).toBeGreaterThan(7);
    expect(new Set(frames.map((f) => `${f.width}x${f.height}`))).toEqual(new Set(['1280x720']));
    const gaps = frames.slice(1).map((f, i) => f.pts - (frames[i]?.pts ?? 0));
    expect(Math.max(...gaps)).toBeLessThan(0.15); // no jump at the switch (the concat demuxer alone made 1.2 s)
    expect(frames.length / span).toBeGreaterThan(28); // 30 fps throughout, not re-timed to 25
    expect(frames.length / span).toBeLessThan(32);
  }, 90_000);

  it('a playlist of one format stays as it is (no re-encoding)', async () => {
    const first = path.join(workDir, 'same-first.mp4');
    const second = path.join(workDir, 'same-second.mp4');
    await copyFile(await mediaFixture('h264-aac-360p', 6), first);
    await copyFile(await mediaFixture('h264-aac-360p', 4), second);
    const live = await engine.createLive({
      title: 'Same-format playlist',
      source: { kind: 'playlist', paths: [first, second] },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: SAME_KEY }],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live', 30_000);
    const frames = await framesAtIngest(peer.publishUrl(SAME_KEY));
    await engine.waitForState(live.id, 'ended', 30_000);
    const detail = await engine.runDetail(live.id);
    expect(detail.events.some((e) => e.kind === 'note' && e.reason === 'Sending the source as it is (no re-encoding).')).toBe(
      true,
    );
    expect(new Set(frames.map((f) => `${f.width}x${f.height}`))).toEqual(new Set(['640x360']));
  }, 60_000);
});
