/** The ffconcat writer against the real concat demuxer: odd but legal file names play, in order. */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConcatList, buildSourceInputArgs } from '@shared/ffmpeg/source-args';
import { mediaFixture } from '../../../tests/support/media';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lm-concat-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildConcatList with the real concat demuxer', () => {
  it("reads files whose names hold quotes, backslashes, spaces and '\\'' sequences", async () => {
    const clip = await mediaFixture('h264-aac-360p', 1);
    const names = ["it's a clip.mp4", 'back\\slash.mp4', "odd\\'name.mp4", 'trail\\.mp4'];
    const files = names.map((name) => path.join(dir, name));
    for (const file of files) await copyFile(clip, file);
    const listPath = path.join(dir, 'list.ffconcat');
    await writeFile(listPath, buildConcatList(files));
    const { inputArgs } = buildSourceInputArgs({ kind: 'playlist', listPath, loop: { kind: 'once' } });
    const out = path.join(dir, 'out.ts');
    // Without -re (the builder paces at real time): copy the list to a file as fast as possible.
    const args = inputArgs.filter((a) => a !== '-re');
    const { stderr } = await run('ffmpeg', ['-hide_banner', '-v', 'debug', '-y', ...args, '-map', '0', '-c', 'copy', out], {
      maxBuffer: 64 * 1024 * 1024,
    });
    // Every file was opened by its exact name, in order (debug level logs each open).
    const opened = [...stderr.matchAll(/Opening '(.*)' for reading$/gm)].map((m) => m[1] ?? '');
    expect(opened.filter((n) => n.endsWith('.mp4'))).toEqual(files);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', out]);
    expect(Number(stdout)).toBeGreaterThan(3.5);
  });
});
