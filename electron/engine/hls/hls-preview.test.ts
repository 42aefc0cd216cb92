import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../../../tests/support/raw-http';
import { createHttpService, type HttpServer } from '../http/http-service';
import { hlsDirOf } from './hls-paths';
import { hlsPreviewUrl, serveHlsPreview } from './hls-preview';

const run = promisify(execFile);
const APP_ORIGIN = 'http://localhost:5173';

describe('HLS preview route on the preview listener', () => {
  let dataDir: string;
  let http: HttpServer;
  let port: number;
  const get = (urlPath: string, headers: Record<string, string> = {}) => rawRequest(port, urlPath, { headers });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'lm-hls-'));
    const dir = hlsDirOf(dataDir, 'live-1');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dataDir, 'secret.txt'), 'stream key file');
    await writeFile(path.join(dataDir, 'secret.ts'), 'stream key file');
    await symlink(path.join(dataDir, 'secret.ts'), path.join(dir, 'escape.ts'));
    await run('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=3'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '0'],
      path.join(dir, 'index.m3u8'),
    ]);
    http = createHttpService({ log: () => undefined });
    serveHlsPreview(http, dataDir);
    await http.start();
    port = Number(new URL(http.baseUrl('preview') ?? '').port);
  });
  afterAll(async () => {
    await http?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('builds the preview URL on the loopback listener', () => {
    expect(hlsPreviewUrl(http, 'live-1')).toBe(`http://127.0.0.1:${port}/hls/live-1/index.m3u8`);
  });

  it('serves the playlist with the HLS content type and no caching', async () => {
    const res = await get('/hls/live-1/index.m3u8');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(res.headers['cache-control']).toContain('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toContain('#EXTM3U');
  });

  it('serves segments as video/mp2t and the whole stream is playable by ffprobe', async () => {
    const res = await get('/hls/live-1/index0.ts');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('video/mp2t');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const { stdout } = await run('ffprobe', [
      ...['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0'],
      hlsPreviewUrl(http, 'live-1') ?? '',
    ]);
    expect(stdout).toContain('h264');
  });

  it('allows CORS for the app’s origins only', async () => {
    const ok = await get('/hls/live-1/index.m3u8', { Origin: APP_ORIGIN });
    expect(ok.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
    const app = await get('/hls/live-1/index.m3u8', { Origin: 'app://livemanager' });
    expect(app.headers['access-control-allow-origin']).toBe('app://livemanager');
    const other = await get('/hls/live-1/index.m3u8', { Origin: 'http://evil.example' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it.each([
    '/hls/../secret.txt',
    '/hls/live-1/../../secret.txt',
    '/hls/%2e%2e/secret.txt',
    '/hls/live-1/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/hls/live-1/..%5c..%5csecret.txt',
    '/hls/..%2f/secret.ts',
    '/secret.txt',
    '/hls/live-1/index.m3u8%00.ts',
    '/hls/live-1/nothing.m3u8',
    '/hls/live-1/secret.txt',
    '/hls/live-1/escape.ts',
    '/hls/live-1',
    '/hls/live-1/',
    '/hls/.hidden/index.m3u8',
  ])('refuses %s', async (urlPath) => {
    const res = await get(urlPath);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('stream key');
  });
});
