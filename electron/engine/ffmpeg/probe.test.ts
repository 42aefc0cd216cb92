import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaFixture } from '../../../tests/support/media';
import { probeSource } from './probe';

const ffprobePath = 'ffprobe';
let dir: string;
let silentServer: Server;
let silentPort = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lm-probe-'));
  // Accepts connections and never answers: a dead IPTV server.
  silentServer = createServer(() => undefined);
  await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
  const address = silentServer.address();
  silentPort = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  silentServer.close();
  await rm(dir, { recursive: true, force: true });
});

describe('probeSource on real files', () => {
  it('a good H.264/AAC MP4 → typed streams', async () => {
    const file = await mediaFixture('h264-aac-720p30', 4);
    const outcome = await probeSource(file, { ffprobePath });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.probe.video).toEqual([
      {
        index: 0,
        codec: 'h264',
        profile: 'High',
        pixelFormat: 'yuv420p',
        width: 1280,
        height: 720,
        fps: 30,
        level: 31, // x264 picks 3.1 for 720p30
        bitRate: expect.any(Number),
        timeBase: '1/15360', // MP4: 512 ticks per frame at 30 fps
      },
    ]);
    expect(outcome.probe.audio).toEqual([
      { index: 1, codec: 'aac', profile: 'LC', channels: 2, sampleRate: 48000, timeBase: '1/48000', language: null },
    ]);
    expect(outcome.probe.durationSec).toBeGreaterThan(3.5);
    expect(outcome.probe.formatName).toContain('mp4');
  });

  it('HEVC + AC3 in Matroska', async () => {
    const outcome = await probeSource(await mediaFixture('hevc-ac3', 4), { ffprobePath });
    expect(outcome.ok && outcome.probe.video[0]?.codec).toBe('hevc');
    expect(outcome.ok && outcome.probe.audio[0]?.codec).toBe('ac3');
    expect(outcome.ok && outcome.probe.video[0]?.fps).toBe(25);
  });

  it('a truncated MP4 → unreadable', async () => {
    const good = await readFile(await mediaFixture('h264-aac-360p', 4));
    const file = path.join(dir, 'truncated.mp4');
    await writeFile(file, good.subarray(0, 20_000)); // moov is at the end: cut off
    const outcome = await probeSource(file, { ffprobePath });
    expect(outcome).toMatchObject({ ok: false, kind: 'unreadable' });
    expect(!outcome.ok && outcome.detail).toMatch(/moov atom not found|Invalid data/);
  });

  it('a text file renamed .mp4 → unsupported', async () => {
    const file = path.join(dir, 'notes.mp4');
    await writeFile(file, 'This is not a video, just my shopping list.\n'.repeat(20));
    expect(await probeSource(file, { ffprobePath })).toMatchObject({ ok: false, kind: 'unsupported' });
  });

  it('a missing path → missing, with a sentence for the streamer', async () => {
    const outcome = await probeSource(path.join(dir, 'gone.mp4'), { ffprobePath });
    expect(outcome).toMatchObject({ ok: false, kind: 'missing' });
    expect(!outcome.ok && outcome.message).toMatch(/could not be found/);
  });

  it('a file whose name starts with a dash is read as a file, not an option', async () => {
    const file = path.join(dir, '-weird.mp4');
    await copyFile(await mediaFixture('h264-aac-360p', 4), file);
    expect((await probeSource(file, { ffprobePath })).ok).toBe(true);
  });
});

describe('probeSource on URLs', () => {
  it('a refused connection → network, and the password in the URL is not echoed', async () => {
    const outcome = await probeSource('http://alice:hunter2-secret@127.0.0.1:1/live/alice/hunter2-secret/1.ts', { ffprobePath });
    expect(outcome).toMatchObject({ ok: false, kind: 'network' });
    expect(!outcome.ok && outcome.detail).not.toContain('hunter2-secret');
  });

  it('a server that never answers → timeout within the bound', async () => {
    const started = Date.now();
    const outcome = await probeSource(`http://127.0.0.1:${silentPort}/live.ts`, { ffprobePath, timeoutMs: 1500 });
    expect(outcome).toMatchObject({ ok: false, kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
