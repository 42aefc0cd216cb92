/**
 * `auto` and what platforms refuse, end to end: a 1440p H.264 file sent to a custom RTMP server
 * (conservative limits: 1920x1080) is encoded, the run's notes say why ("Encoding: video is
 * 2560x1440, more than …"), and nginx-rtmp receives 1080p.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeStreams } from '../../support/media';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../../support/nginx-rtmp';
import { startRestreamEngine, type RestreamEngine } from '../../support/restream-engine';

const run = promisify(execFile);
const KEY = 'over-limit-key-1440';

describe.skipIf(!nginxRtmpAvailable())('auto encodes a file over the destination limits, and says why', () => {
  let peer: RtmpPeer;
  let engine: RestreamEngine;
  let dir: string;
  let clip: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lm-over-limit-'));
    clip = path.join(dir, 'qhd.mp4');
    // 1440p H.264, small and quick to make: 3 s at 25 fps, looped by the live.
    await run('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=2560x1440:rate=25:duration=3'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=3'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25', '-c:a', 'aac', '-b:a', '96k', clip],
    ]);
    [peer, engine] = await Promise.all([startNginxRtmp({ keys: [KEY] }), startRestreamEngine()]);
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    await peer?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a 1440p file to a custom RTMP server: "Encoding: video is 2560x1440, more than Ingest takes", nginx receives 1080p', async () => {
    const live = await engine.createLive({
      title: 'Too big for the server',
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      encoding: { mode: 'auto' },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: KEY }],
    });
    await engine.start(live.id);
    await peer.waitForBytes(KEY, 50_000, 60_000);
    const notes = (await engine.runDetail(live.id)).events.filter((e) => e.kind === 'note').map((e) => e.reason ?? '');
    expect(notes).toContainEqual(
      expect.stringMatching(/^Encoding: video is 2560x1440\b.*, more than Ingest takes \(at most 1920x1080/),
    );
    const pulled = await probeStreams(peer.publishUrl(KEY), 30_000);
    const video = pulled.find((s) => s.codecType === 'video');
    expect(video).toMatchObject({ codecName: 'h264', width: 1920, height: 1080 });
    await engine.stop(live.id);
  }, 150_000);
});
