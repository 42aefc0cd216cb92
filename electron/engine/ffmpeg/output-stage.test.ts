/**
 * Output stages fed like the hub feeds them (MPEG-TS on stdin): RTMP push to nginx-rtmp with a
 * good and a refused key, and the local HLS writer's rolling window.
 */
import { execFile } from 'node:child_process';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyExit } from '@shared/ffmpeg/classify';
import { buildHlsOutputArgs, buildRtmpOutputArgs, hlsPlaylistPath } from '@shared/ffmpeg/output-args';
import { mediaFixture } from '../../../tests/support/media';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../../../tests/support/nginx-rtmp';
import { waitFor } from '../../../tests/support/wait-for';
import { spawnFfmpeg, type RunningProcess } from './runner';

const run = promisify(execFile);
const ffmpegPath = 'ffmpeg';
const GOOD_KEY = 'good-key-0123456789abcdef';
const BAD_KEY = 'wrong-key-9876543210zyxw';
let dir: string;
let feedTs: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lm-output-'));
  feedTs = path.join(dir, 'feed.ts');
  const clip = await mediaFixture('h264-aac-360p', 20);
  await run(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-y', '-i', clip, '-c', 'copy', '-f', 'mpegts', feedTs]);
}, 180_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Write the TS file into an output's stdin as the hub would; stdin stays open unless `end`. */
function feed(output: RunningProcess, end = false): Promise<void> {
  return new Promise((resolve) => {
    const stream = createReadStream(feedTs);
    stream.pipe(output.stdin!, { end });
    stream.once('end', () => resolve());
    stream.once('error', () => resolve());
  });
}

describe.runIf(nginxRtmpAvailable())('RTMP output stage against nginx-rtmp', () => {
  let peer: RtmpPeer;
  beforeAll(async () => {
    peer = await startNginxRtmp({ keys: [GOOD_KEY] });
  });
  afterAll(async () => {
    await peer.close();
  });

  it('a good key: the stream arrives and progress shows bytes going out', async () => {
    const output = spawnFfmpeg(buildRtmpOutputArgs(peer.publishUrl(GOOD_KEY)), {
      ffmpegPath,
      stdin: 'media',
      secrets: [GOOD_KEY],
    });
    void feed(output);
    const stat = await peer.waitForBytes(GOOD_KEY, 50_000);
    expect(stat.videoCodec).toBe('H264');
    expect(stat.audioCodec).toBe('AAC');
    await waitFor(() => (output.lastProgress?.totalSizeBytes ?? 0) > 0, { what: 'progress with total_size' });
    const exit = await output.stop({ graceMs: 10_000 });
    expect(exit.endedBy).toBe('endOfInput');
    expect(output.commandLine).not.toContain(GOOD_KEY);
  });

  it('a refused key (on_publish 403): classified keyRejected with a sentence for the streamer, key masked', async () => {
    // logLevel 'warning', as the supervisor runs outputs: the deciding line must survive it.
    const output = spawnFfmpeg(buildRtmpOutputArgs(peer.publishUrl(BAD_KEY)), {
      ffmpegPath,
      stdin: 'media',
      secrets: [BAD_KEY],
      logLevel: 'warning',
    });
    void feed(output);
    const exit = await output.exited;
    expect(exit.code).not.toBe(0);
    const verdict = classifyExit(exit.stderrTail, exit.code, { role: 'output', target: 'Twitch' });
    expect(verdict).toMatchObject({
      kind: 'keyRejected',
      fatal: true,
      message: 'The server refused the stream key for Twitch. Check the key in the destination settings.',
    });
    expect(verdict.evidence).toContain('••••zyxw');
    expect(exit.stderrTail.join('\n')).not.toContain(BAD_KEY);
    expect(peer.publishAttempts(BAD_KEY)).toBe(1);
  });
});

describe('HLS output stage', () => {
  it('writes a rolling window of 2 s segments named after the live, deleting old ones', async () => {
    const hlsDir = path.join(dir, 'hls', 'live-7');
    await mkdir(hlsDir, { recursive: true });
    const output = spawnFfmpeg(buildHlsOutputArgs({ dir: hlsDir, liveId: 'live-7' }), {
      ffmpegPath,
      stdin: 'media',
      logLevel: 'warning',
    });
    await feed(output, true); // 20 s of input: 10 segments, more than the window of 6
    const exit = await output.exited;
    expect(exit.code).toBe(0);
    const playlist = readFileSync(hlsPlaylistPath(hlsDir), 'utf8');
    const listed = playlist.split('\n').filter((line) => line.endsWith('.ts'));
    expect(listed).toHaveLength(6);
    for (const name of listed) expect(name).toMatch(/^live-7-\d+\.ts$/);
    expect(playlist).toContain('#EXT-X-TARGETDURATION:2');
    expect(playlist).toContain('#EXT-X-INDEPENDENT-SEGMENTS');
    const onDisk = readdirSync(hlsDir).filter((name) => name.endsWith('.ts'));
    // delete_segments keeps the listed ones plus a small grace: old ones are gone.
    expect(onDisk.length).toBeLessThanOrEqual(8);
    expect(onDisk).toEqual(expect.arrayContaining(listed));
  });
});
