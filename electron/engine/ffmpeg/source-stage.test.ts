/**
 * The source stage for real: every source kind runs ~3 s through FFmpeg into a temp .ts file
 * (what the hub would fan out), then ffprobe checks the codecs are the ones planned.
 */
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planEncoding, type EncodingChoice, type RestreamPlan } from '@shared/ffmpeg/encoding';
import { buildConcatList, testPatternProbe, type SourceSpec } from '@shared/ffmpeg/source-args';
import { buildSourceStageArgs } from '@shared/ffmpeg/stage-args';
import { mediaFixture } from '../../../tests/support/media';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../../../tests/support/nginx-rtmp';
import { freeLoopbackPort } from '../../../tests/support/ports';
import { waitFor } from '../../../tests/support/wait-for';
import { probeSource } from './probe';
import { spawnFfmpeg, type ProcessExit, type RunningProcess } from './runner';

const run = promisify(execFile);
const ffmpegPath = 'ffmpeg';
const ffprobePath = 'ffprobe';
let dir: string;
let http: Server;
let httpPort = 0;
const userAgents: string[] = [];
const helpers: RunningProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lm-stage-'));
  const clip = await mediaFixture('h264-aac-360p', 4);
  // An HTTP-TS file and an HLS VOD folder, served like an IPTV provider would.
  await run(ffmpegPath, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-i',
    clip,
    '-c',
    'copy',
    '-f',
    'mpegts',
    path.join(dir, 'channel.ts'),
  ]);
  await mkdir(path.join(dir, 'hls'));
  await run(ffmpegPath, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-i',
    clip,
    '-c',
    'copy',
    '-f',
    'hls',
    '-hls_time',
    '1',
    '-hls_playlist_type',
    'vod',
    path.join(dir, 'hls', 'index.m3u8'),
  ]);
  http = createServer((req, res) => {
    userAgents.push(req.headers['user-agent'] ?? '');
    const file = path.join(dir, path.normalize(decodeURIComponent(req.url ?? '/')).replace(/^([/\\])+/, ''));
    const stream = createReadStream(file);
    stream.once('error', () => res.writeHead(404).end());
    stream.once('open', () => {
      res.writeHead(200, { 'content-type': file.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t' });
      stream.pipe(res);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  httpPort = typeof address === 'object' && address ? address.port : 0;
}, 180_000);

afterAll(async () => {
  await Promise.all(helpers.map((helper) => helper.stop({ graceMs: 2000, termMs: 2000 })));
  http.close();
  await rm(dir, { recursive: true, force: true });
});

interface StageResult {
  exit: ProcessExit;
  file: string;
  codecs: string[];
  durationSec: number;
}

/** Run the source stage until its output reaches `seconds` (or it ends), then stop it gracefully. */
async function runStage(name: string, source: SourceSpec, plan: RestreamPlan, seconds = 3): Promise<StageResult> {
  const file = path.join(dir, `${name}.ts`);
  const out = createWriteStream(file);
  const stage = spawnFfmpeg(buildSourceStageArgs(source, plan), {
    ffmpegPath,
    stdout: 'media',
    logLevel: 'warning',
  });
  stage.stdout?.pipe(out);
  await waitFor(() => (stage.lastProgress?.outTimeUs ?? 0) >= seconds * 1_000_000 || stage.exit, {
    timeoutMs: 60_000,
    what: () => `${name} to produce ${seconds} s (stderr: ${stage.stderrTail(5).join(' | ')})`,
  });
  const exit = stage.exit ?? (await stage.stop({ graceMs: 10_000 }));
  await finished(out);
  const probed = await probeSource(file, { ffprobePath });
  if (!probed.ok) throw new Error(`${name}: output unreadable (${probed.detail}); stderr: ${exit.stderrTail.join(' | ')}`);
  const codecs = [...probed.probe.video.map((v) => v.codec), ...probed.probe.audio.map((a) => a.codec)];
  return { exit, file, codecs, durationSec: probed.probe.durationSec ?? 0 };
}

/** Presentation times of the video keyframes in a file. */
async function keyframeTimes(file: string): Promise<number[]> {
  const { stdout } = await run(
    ffprobePath,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', file],
    { maxBuffer: 32 * 1024 * 1024 },
  );
  return stdout
    .split('\n')
    .filter((line) => line.includes('K'))
    .map((line) => Number(line.split(',')[0]));
}

async function planFor(file: string, choice: EncodingChoice): Promise<RestreamPlan> {
  const probed = await probeSource(file, { ffprobePath });
  if (!probed.ok) throw new Error(probed.detail);
  return planEncoding(choice, probed.probe);
}

describe('source stage with real FFmpeg', () => {
  it('file, auto on H.264+AAC: copied as it is (passthrough)', async () => {
    const file = await mediaFixture('h264-aac-720p30', 4);
    const plan = await planFor(file, { mode: 'auto' });
    expect(plan).toMatchObject({ video: { action: 'copy' }, audio: { action: 'copy' } });
    const result = await runStage('file-copy', { kind: 'file', path: file, loop: { kind: 'once' } }, plan);
    expect(result.codecs).toEqual(['h264', 'aac']);
    expect(result.exit.endedBy).toBe('q');
  });

  it('file, HEVC + AC3 with auto → H.264 + AAC, keyframes every 2 s', async () => {
    const file = await mediaFixture('hevc-ac3', 6);
    const plan = await planFor(file, { mode: 'auto' });
    expect(plan).toMatchObject({ video: { action: 'encode' }, audio: { action: 'encode' } });
    const result = await runStage('hevc-ac3', { kind: 'file', path: file, loop: { kind: 'once' } }, plan, 4.5);
    expect(result.codecs).toEqual(['h264', 'aac']);
    const keyframes = await keyframeTimes(result.file);
    const gaps = keyframes.slice(1).map((t, i) => t - (keyframes[i] ?? 0));
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    for (const gap of gaps) expect(gap).toBeCloseTo(2, 1);
  });

  it('file looped forever runs past its own length (2 s clip → 4 s out)', async () => {
    const file = await mediaFixture('h264-aac-360p', 2);
    const result = await runStage(
      'file-forever',
      { kind: 'file', path: file, loop: { kind: 'forever' } },
      await planFor(file, { mode: 'auto' }),
      4,
    );
    expect(result.durationSec).toBeGreaterThan(3.5);
    expect(result.exit.endedBy).toBe('q');
  });

  it('file played N times ends by itself after N plays', async () => {
    const file = await mediaFixture('h264-aac-360p', 1);
    const result = await runStage(
      'file-twice',
      { kind: 'file', path: file, loop: { kind: 'times', count: 2 } },
      await planFor(file, { mode: 'auto' }),
      30,
    );
    expect(result.exit.endedBy).toBe('self');
    expect(result.exit.code).toBe(0);
    expect(result.durationSec).toBeGreaterThan(1.7);
    expect(result.durationSec).toBeLessThan(2.6);
  });

  it('playlist of two files, looped as a whole, with the economical preset', async () => {
    const a = await mediaFixture('h264-aac-360p', 1);
    const b = await mediaFixture('h264-aac-360p', 2);
    const listPath = path.join(dir, 'playlist.ffconcat');
    await writeFile(listPath, buildConcatList([a, b]));
    const plan = planEncoding({ mode: 'preset', preset: 'economical' }, null);
    const result = await runStage('playlist', { kind: 'playlist', listPath, loop: { kind: 'forever' } }, plan, 4);
    expect(result.codecs).toEqual(['h264', 'aac']);
    expect(result.durationSec).toBeGreaterThan(3.5); // longer than one pass of the list (3 s)
  });

  it('HTTP-TS URL: reconnecting input with a VLC user agent', async () => {
    userAgents.length = 0;
    const url = `http://127.0.0.1:${httpPort}/channel.ts`;
    const probed = await probeSource(url, { ffprobePath });
    expect(probed.ok).toBe(true);
    const result = await runStage(
      'http-ts',
      { kind: 'url', url, paced: true },
      planEncoding({ mode: 'auto' }, probed.ok ? probed.probe : null),
    );
    expect(result.codecs).toEqual(['h264', 'aac']);
    expect(userAgents).toContain('VLC/3.0.20 LibVLC/3.0.20');
  });

  it('HLS URL', async () => {
    const url = `http://127.0.0.1:${httpPort}/hls/index.m3u8`;
    const probed = await probeSource(url, { ffprobePath });
    expect(probed.ok).toBe(true);
    const result = await runStage(
      'hls',
      { kind: 'url', url, paced: true },
      planEncoding({ mode: 'auto' }, probed.ok ? probed.probe : null),
    );
    expect(result.codecs).toEqual(['h264', 'aac']);
  });

  it('test pattern (the built-in demo), auto → H.264 + AAC with 2 s keyframes', async () => {
    const source = { kind: 'testPattern' } as const;
    const result = await runStage('pattern', source, planEncoding({ mode: 'auto' }, testPatternProbe(source)), 4.5);
    expect(result.codecs).toEqual(['h264', 'aac']);
    const keyframes = await keyframeTimes(result.file);
    const gaps = keyframes.slice(1).map((t, i) => t - (keyframes[i] ?? 0));
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    for (const gap of gaps) expect(gap).toBeCloseTo(2, 1);
  });

  it('SRT URL (an FFmpeg SRT listener stands in for the origin)', async () => {
    const port = await freeLoopbackPort();
    const feed = await mediaFixture('h264-aac-360p', 4);
    const listener = spawnFfmpeg(
      ['-re', '-stream_loop', '-1', '-i', feed, '-c', 'copy', '-f', 'mpegts', `srt://127.0.0.1:${port}?mode=listener`],
      { ffmpegPath, logLevel: 'warning' },
    );
    helpers.push(listener);
    const source = { kind: 'url', url: `srt://127.0.0.1:${port}?mode=caller` } as const;
    const plan = planEncoding(
      { mode: 'auto' },
      {
        formatName: 'mpegts',
        durationSec: null,
        bitRate: null,
        video: [{ index: 0, codec: 'h264', profile: null, pixelFormat: 'yuv420p', width: 640, height: 360, fps: 25 }],
        audio: [{ index: 1, codec: 'aac', profile: null, channels: 2, sampleRate: 44100 }],
      },
    );
    // The listener opens its socket after reading its input; a caller that came too early fails
    // at once, so try again until one connects.
    const result = await waitFor(async () => runStage('srt', source, plan).catch(() => null), {
      timeoutMs: 60_000,
      intervalMs: 300,
      what: 'an SRT caller to connect',
    });
    expect(result.codecs).toEqual(['h264', 'aac']);
  });

  it.runIf(nginxRtmpAvailable())('RTMP URL (played back from nginx-rtmp)', async () => {
    const peer: RtmpPeer = await startNginxRtmp({ keys: ['origin-feed'] });
    try {
      const feed = await mediaFixture('h264-aac-360p', 4);
      const publisher = spawnFfmpeg(
        ['-re', '-stream_loop', '-1', '-i', feed, '-c', 'copy', '-f', 'flv', peer.publishUrl('origin-feed')],
        { ffmpegPath },
      );
      helpers.push(publisher);
      await peer.waitForBytes('origin-feed', 10_000);
      const url = peer.publishUrl('origin-feed');
      const probed = await probeSource(url, { ffprobePath });
      expect(probed.ok).toBe(true);
      const result = await runStage(
        'rtmp',
        { kind: 'url', url },
        planEncoding({ mode: 'auto' }, probed.ok ? probed.probe : null),
      );
      expect(result.codecs).toEqual(['h264', 'aac']);
      await publisher.stop({ graceMs: 3000 });
    } finally {
      await peer.close();
    }
  });
});
