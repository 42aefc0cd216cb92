import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLibraryEngine, type LibraryTestEngine } from '../../support/library/library-engine';

const run = promisify(execFile);

/** The mean brightness (0–255) of an image at a URL, read by FFmpeg itself. */
async function brightness(url: string): Promise<number> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', url, '-vf', 'scale=1:1,format=gray', '-f', 'rawvideo', '-'], {
    encoding: 'buffer',
  });
  return stdout[0] ?? 0;
}

describe('the poster (keyframes only)', () => {
  let engine: LibraryTestEngine;
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'lm-library-poster-'));
    engine = await startLibraryEngine({ log: () => undefined });
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('skips the black keyframes at 10 % of the file and takes the first picture after them', async () => {
    // 20 s: black for 5 s, then white; a keyframe every second. 10 % is 2 s: black there.
    const file = path.join(work, 'fade in.mp4');
    await run('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=black:s=320x240:r=25:d=5'],
      ...['-f', 'lavfi', '-i', 'color=c=white:s=320x240:r=25:d=15'],
      ...['-filter_complex', '[0:v][1:v]concat=n=2:v=1[v]', '-map', '[v]'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25', file],
    ]);
    await engine.importAndWait([file], 'reference');
    const [item] = await engine.items();
    expect(item?.status).toBe('ready');
    expect(item?.posterUrl).toBeTruthy();
    expect(await brightness(item?.posterUrl ?? '')).toBeGreaterThan(200);
  }, 120_000);
});
