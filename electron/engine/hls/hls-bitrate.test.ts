import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { measureHlsBitrateKbps, playlistSegments } from './hls-bitrate';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const PLAYLIST = [
  '#EXTM3U',
  '#EXT-X-VERSION:6',
  '#EXT-X-TARGETDURATION:2',
  '#EXT-X-MEDIA-SEQUENCE:1763700000',
  '#EXTINF:2.000000,',
  'live-1763700000.ts',
  '#EXTINF:2.000000,',
  'live-1763700001.ts',
  '#EXTINF:1.000000,',
  'live-1763700002.ts',
  '',
].join('\n');

describe('HLS output bitrate', () => {
  it('reads segment names and durations from a media playlist', () => {
    expect(playlistSegments(PLAYLIST)).toEqual([
      { uri: 'live-1763700000.ts', seconds: 2, discontinuity: false },
      { uri: 'live-1763700001.ts', seconds: 2, discontinuity: false },
      { uri: 'live-1763700002.ts', seconds: 1, discontinuity: false },
    ]);
  });

  it('divides the bytes of the listed segments by their duration; a segment already deleted is skipped', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lm-hls-bitrate-'));
    dirs.push(dir);
    await writeFile(path.join(dir, 'index.m3u8'), PLAYLIST);
    await writeFile(path.join(dir, 'live-1763700000.ts'), Buffer.alloc(250_000)); // 2 s
    await writeFile(path.join(dir, 'live-1763700001.ts'), Buffer.alloc(250_000)); // 2 s
    // live-1763700002.ts is gone (rolling window): it counts neither bytes nor time.
    expect(await measureHlsBitrateKbps(dir)).toBe(1000); // 500 kB × 8 / 4 s = 1000 kbit/s
  });

  it('is null before the first segment or without a playlist', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lm-hls-bitrate-'));
    dirs.push(dir);
    expect(await measureHlsBitrateKbps(dir)).toBeNull();
    await writeFile(path.join(dir, 'index.m3u8'), '#EXTM3U\n#EXT-X-TARGETDURATION:2\n');
    expect(await measureHlsBitrateKbps(dir)).toBeNull();
  });
});
