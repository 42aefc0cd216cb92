import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Live } from '@shared/contract/lives';
import { ffmpegTools } from '../../ffmpeg/ffmpeg-tools';
import { prepareRunInputs } from './run-inputs';

const run = promisify(execFile);
let dir: string;
beforeAll(async () => (dir = await mkdtemp(path.join(tmpdir(), 'lm-run-inputs-'))));
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** A short H.264/AAC clip of this size and rate, made now (x264 picks the level from them). */
async function clip(name: string, size: string, fps: number): Promise<string> {
  const file = path.join(dir, name);
  await run('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}:duration=1`],
    ...['-f', 'lavfi', '-i', 'sine=sample_rate=48000:duration=1', '-c:v', 'libx264', '-preset', 'ultrafast'],
    ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', file],
  ]);
  return file;
}

function liveOf(source: Live['source'], destinations: Live['destinations']): Live {
  const at = new Date().toISOString();
  return {
    id: 'live-1',
    title: 'Inputs',
    ownerId: 'owner',
    source,
    destinations,
    encoding: { mode: 'auto' },
    loop: { kind: 'once' },
    start: { kind: 'manual' },
    end: { kind: 'none' },
    state: 'queued',
    createdAt: at,
    updatedAt: at,
  };
}

const key = { keyRef: 'secret:k', keyMasked: '••••0001', keySet: true } as const;
const ctx = () => ({
  ffmpegPath: 'ffmpeg',
  ffmpeg: ffmpegTools(),
  dataDir: dir,
  readKey: () => Promise.resolve('stream-key-0001'),
  probeTimeoutMs: 15_000,
});

describe('prepareRunInputs: auto against what the destination takes', () => {
  it('a 1440p H.264 file to a custom RTMP server (conservative 1080p default) is encoded to 1080p, and the plan says why', async () => {
    const file = await clip('qhd.mp4', '2560x1440', 30);
    const live = liveOf({ kind: 'file', path: file }, [
      { id: 'd1', name: 'My server', enabled: true, kind: 'custom-rtmp', url: 'rtmp://127.0.0.1:1/live', streamKey: key },
    ]);
    const inputs = await prepareRunInputs(live, ctx());
    expect(inputs.plan.reasons).toEqual([
      expect.stringMatching(/^video is 2560x1440, level 5\.\d, (\d+ kbit\/s, )?more than My server takes \(at most 1920x1080/),
    ]);
    const args = inputs.spec.direct?.argsAt(undefined).join(' ') ?? '';
    expect(args).toContain('-c:v libx264');
    expect(args).toContain('scale=1920:1080');
  });

  it('the same file to the local HLS preview only is sent as it is', async () => {
    const file = await clip('qhd-preview.mp4', '2560x1440', 30);
    const inputs = await prepareRunInputs(
      liveOf({ kind: 'file', path: file }, [
        {
          id: 'd1',
          name: 'Preview',
          enabled: true,
          kind: 'hls-local',
          streamKey: { keyRef: null, keyMasked: null, keySet: false },
        },
      ]),
      ctx(),
    );
    expect(inputs.plan.reasons).toEqual([]);
    expect(inputs.plan.video).toEqual({ action: 'copy' });
  });

  it('a playlist whose files do not share a time base plays from MPEG-TS copies that do', async () => {
    const a = await clip('tb-25.mp4', '320x180', 25);
    const b = await clip('tb-30.mp4', '320x180', 30);
    const inputs = await prepareRunInputs(
      liveOf({ kind: 'playlist', paths: [a, b] }, [
        {
          id: 'd1',
          name: 'Preview',
          enabled: true,
          kind: 'hls-local',
          streamKey: { keyRef: null, keyMasked: null, keySet: false },
        },
      ]),
      ctx(),
    );
    const args = inputs.spec.direct?.argsAt(undefined) ?? [];
    const list = await readFile(args[args.indexOf('-i') + 1] ?? '', 'utf8');
    const files = [...list.matchAll(/^file '([^']+)'$/gm)].map((m) => m[1] ?? '');
    expect(files).toHaveLength(2);
    for (const copy of files) expect(copy).toMatch(/cache\/playlist-ts\/[0-9a-f]{32}\.ts$/);
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=time_base',
      '-of',
      'csv=p=0',
      files[1] ?? '',
    ]);
    expect(new Set(stdout.split('\n').filter(Boolean))).toEqual(new Set(['1/90000']));
    // 25 and 30 fps: mixed formats too, so encoded to one.
    expect(inputs.plan.reasons[0]).toMatch(/^the playlist mixes 320x180 at 25 fps and 320x180 at 30 fps/);
  });
});
