import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlsDirOf, hlsRoot } from './hls-paths';
import { APP_PREVIEW_ORIGINS, isOriginAllowed, resolveMediaFile, startHlsServer, type HlsServer } from './hls-server';

const run = promisify(execFile);
const APP_ORIGIN = 'http://localhost:5173';

/** Raw GET so paths are sent exactly as written (fetch would normalise `..`). */
function rawGet(port: number, urlPath: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: urlPath, headers }, (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('HLS preview server', () => {
  let dataDir: string;
  let server: HlsServer;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'lm-hls-'));
    const dir = hlsDirOf(dataDir, 'live-1');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dataDir, 'secret.txt'), 'stream key file');
    await run('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=3'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '0'],
      path.join(dir, 'index.m3u8'),
    ]);
    server = await startHlsServer({ root: hlsRoot(dataDir), allowedOrigins: [APP_ORIGIN] });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only by default', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.playlistUrl('live-1')).toBe(`http://127.0.0.1:${server.port}/hls/live-1/index.m3u8`);
  });

  it('serves the playlist with the HLS content type and no caching', async () => {
    const res = await rawGet(server.port, '/hls/live-1/index.m3u8');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(res.headers['cache-control']).toContain('no-cache');
    expect(res.body).toContain('#EXTM3U');
  });

  it('serves segments as video/mp2t and the whole stream is playable by ffprobe', async () => {
    const res = await rawGet(server.port, '/hls/live-1/index0.ts');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('video/mp2t');
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name',
      '-of',
      'csv=p=0',
      server.playlistUrl('live-1'),
    ]);
    expect(stdout).toContain('h264');
  });

  it('allows CORS for the app origin only', async () => {
    const ok = await rawGet(server.port, '/hls/live-1/index.m3u8', { Origin: APP_ORIGIN });
    expect(ok.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
    const other = await rawGet(server.port, '/hls/live-1/index.m3u8', { Origin: 'http://evil.example' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows loopback origins on any port with a `:*` entry, and nothing else', () => {
    const allowed = new Set(APP_PREVIEW_ORIGINS);
    expect(isOriginAllowed(allowed, 'http://127.0.0.1:34053')).toBe(true);
    expect(isOriginAllowed(allowed, 'http://localhost:5173')).toBe(true);
    expect(isOriginAllowed(allowed, 'app://livemanager')).toBe(true);
    expect(isOriginAllowed(allowed, 'http://127.0.0.1.evil.example:80')).toBe(false);
    expect(isOriginAllowed(allowed, 'https://127.0.0.1:443')).toBe(false);
    expect(isOriginAllowed(allowed, 'http://evil.example:8080')).toBe(false);
    expect(isOriginAllowed(allowed, 'null')).toBe(false);
  });

  it.each([
    '/hls/../secret.txt',
    '/hls/live-1/../../secret.txt',
    '/hls/%2e%2e/secret.txt',
    '/hls/live-1/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/hls/live-1/..%5c..%5csecret.txt',
    '/hls/..%2f/secret.txt',
    '/secret.txt',
    '/hls/live-1/index.m3u8%00.ts',
    '/hls/live-1/nothing.m3u8',
    '/hls/live-1/secret.txt',
  ])('refuses %s', async (urlPath) => {
    const res = await rawGet(server.port, urlPath);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('stream key');
  });

  it('never maps a request outside the root', () => {
    const root = hlsRoot(dataDir);
    expect(resolveMediaFile(root, '/hls/live-1/index.m3u8')?.path).toBe(path.join(root, 'live-1', 'index.m3u8'));
    expect(resolveMediaFile(root, '/hls/..%2F..%2Fetc/passwd.ts')).toBeUndefined();
    expect(resolveMediaFile(root, '/hls/live-1/a/b.ts')).toBeUndefined();
  });
});
