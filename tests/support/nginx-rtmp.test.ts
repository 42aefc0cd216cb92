import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaFixture, probeStreams } from './media';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from './nginx-rtmp';

function push(file: string, url: string): { done: Promise<number | null>; kill: () => void } {
  const child = spawn(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', file, '-c', 'copy', '-f', 'flv', url],
    {
      stdio: 'ignore',
    },
  );
  return { done: new Promise((resolve) => child.on('exit', (code) => resolve(code))), kill: () => child.kill('SIGTERM') };
}

describe.skipIf(!nginxRtmpAvailable())('nginx-rtmp test peer', () => {
  let peer: RtmpPeer;
  let clip: string;
  beforeAll(async () => {
    [peer, clip] = await Promise.all([startNginxRtmp({ keys: ['good-key'] }), mediaFixture('h264-aac-360p', 4)]);
  });
  afterAll(async () => peer?.close());

  it('accepts a listed key, reports bytes on the stat page and serves the stream back', async () => {
    const pusher = push(clip, peer.publishUrl('good-key'));
    try {
      const stat = await peer.waitForBytes('good-key', 10_000);
      expect(stat.publishing).toBe(true);
      const streams = await probeStreams(peer.publishUrl('good-key'));
      expect(streams.map((s) => s.codecName).sort()).toEqual(['aac', 'h264']);
    } finally {
      pusher.kill();
      await pusher.done;
    }
  });

  it('refuses an unlisted key and counts the attempt', async () => {
    const code = await push(clip, peer.publishUrl('bad-key')).done;
    expect(code).not.toBe(0);
    expect(peer.publishAttempts('bad-key')).toBe(1);
  });

  it('stops and starts again on the same ports', async () => {
    await peer.stop();
    await expect(peer.streams()).rejects.toThrow();
    await peer.start();
    expect(await peer.streams()).toEqual([]);
  });
});
