/**
 * The input allow-list with real FFmpeg: an HLS source over HTTP still plays with the
 * `-protocol_whitelist` the builders add, while a playlist that points elsewhere (an HTTP playlist
 * naming a local file, a local playlist naming a network address) is refused by FFmpeg itself.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSourceInputArgs, type SourceSpec } from '@shared/ffmpeg/source-args';
import { mediaFixture } from '../../../tests/support/media';
import { probeSource } from './probe';

const run = promisify(execFile);
let dir: string;
let http: Server;
let base = '';
let segment = '';
const requests: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lm-whitelist-'));
  await mkdir(path.join(dir, 'hls'));
  const clip = await mediaFixture('h264-aac-360p', 2);
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-i', clip, '-c', 'copy'],
    ...['-f', 'hls', '-hls_time', '1', '-hls_playlist_type', 'vod', path.join(dir, 'hls', 'index.m3u8')],
  ]);
  segment = (await readdir(path.join(dir, 'hls'))).find((f) => f.endsWith('.ts')) ?? '';
  http = createServer((req, res) => {
    requests.push(req.url ?? '');
    const file = path.join(dir, path.normalize(decodeURIComponent(req.url ?? '/')).replace(/^([/\\])+/, ''));
    readFile(file).then(
      (body) => res.writeHead(200).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const playlist = (uri: string): string =>
    `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:1.0,\n${uri}\n#EXT-X-ENDLIST\n`;
  // Served over HTTP, naming a file on the engine's machine.
  await writeFile(path.join(dir, 'points-at-file.m3u8'), playlist(`file:${path.join(dir, 'hls', segment)}`));
  // A local file, naming an address on the engine's network (a loopback service, a cloud metadata URL…).
  await writeFile(path.join(dir, 'points-at-network.m3u8'), playlist(`${base}/hls/${segment}?from=local-playlist`));
}, 120_000);

afterAll(async () => {
  http?.close();
  await rm(dir, { recursive: true, force: true });
});

/** FFmpeg with the builders' input arguments (unpaced), decoding one second to nowhere. */
async function readWithFfmpeg(source: SourceSpec): Promise<{ ok: boolean; stderr: string }> {
  const { inputArgs } = buildSourceInputArgs(source);
  const args = ['-hide_banner', '-v', 'warning', ...inputArgs, '-t', '1', '-f', 'null', '-'];
  try {
    const { stderr } = await run('ffmpeg', args, { timeout: 30_000 });
    return { ok: true, stderr };
  } catch (error) {
    return { ok: false, stderr: String((error as { stderr?: string }).stderr ?? error) };
  }
}

describe('-protocol_whitelist with real FFmpeg', () => {
  it('an HLS source over HTTP still plays, and ffprobe still reads it', async () => {
    const url = `${base}/hls/index.m3u8`;
    expect(await readWithFfmpeg({ kind: 'url', url })).toMatchObject({ ok: true });
    expect(await probeSource(url, { ffprobePath: 'ffprobe' })).toMatchObject({ ok: true, probe: { formatName: 'hls' } });
  });

  it('an HLS playlist served over HTTP that names file:… is refused (file is not on its whitelist)', async () => {
    const result = await readWithFfmpeg({ kind: 'url', url: `${base}/points-at-file.m3u8` });
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain("Protocol 'file' not on whitelist 'http,https,tcp,tls,crypto'");
    expect(await probeSource(`${base}/points-at-file.m3u8`, { ffprobePath: 'ffprobe' })).toMatchObject({ ok: false });
  });

  it('a local playlist used as a file source cannot make FFmpeg fetch a network address', async () => {
    requests.length = 0;
    const result = await readWithFfmpeg({ kind: 'file', path: path.join(dir, 'points-at-network.m3u8'), loop: { kind: 'once' } });
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain("Protocol 'http' not on whitelist 'file'");
    expect(await probeSource(path.join(dir, 'points-at-network.m3u8'), { ffprobePath: 'ffprobe' })).toMatchObject({ ok: false });
    expect(requests.filter((r) => r.includes('from=local-playlist'))).toEqual([]);
  });
});

describe('probeSource refuses what the allow-list refuses, without starting ffprobe', () => {
  it('listener SRT, tcp://, concat:, pipe:, an option-like string', async () => {
    for (const input of [
      'srt://0.0.0.0:9000?mode=listener',
      'tcp://127.0.0.1:22',
      'concat:/etc/hostname|/etc/hostname',
      'pipe:0',
      '-h',
    ]) {
      // A missing ffprobe would fail differently ("not found"): a refusal never gets that far.
      const outcome = await probeSource(input, { ffprobePath: path.join(dir, 'no-such-ffprobe') });
      expect(outcome, input).toMatchObject({ ok: false, kind: 'refused' });
    }
  });
});
