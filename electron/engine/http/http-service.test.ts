import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../../tests/support/ports';
import { rawRequest } from '../../../tests/support/raw-http';
import { isHostAllowed } from './host-check';
import { createHttpService, type HttpServer } from './http-service';
import { compilePattern, matchPattern, pathSegments } from './route-pattern';
import { sendFile } from './static-file';

const portOf = (http: HttpServer, listener: 'preview' | 'public'): number => Number(new URL(http.baseUrl(listener) ?? '').port);

describe('the engine HTTP service', () => {
  let dir: string;
  let http: HttpServer;
  let port: number;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lm-http-'));
    await mkdir(path.join(dir, 'files', 'folder'), { recursive: true });
    await writeFile(path.join(dir, 'files', 'clip.mp4'), 'not really a video');
    await writeFile(path.join(dir, 'outside.mp4'), 'secret');
    http = createHttpService({ log: (message) => errors.push(message) });
    // Two modules, each adding its routes to the same listener.
    http.route({
      listener: 'preview',
      method: 'GET',
      pattern: '/one/:name',
      handler: ({ params }, res) => void res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`one:${params.name}`),
    });
    http.route({
      listener: 'preview',
      method: 'POST',
      pattern: '/two/ping',
      cors: ['http://127.0.0.1:*'],
      handler: (_request, res) => void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('pong'),
    });
    http.route({
      listener: 'preview',
      method: 'GET',
      pattern: '/files/:name',
      handler: ({ params, req }, res) =>
        sendFile(req, res, path.join(dir, 'files'), [params.name ?? ''], {
          types: { '.mp4': 'video/mp4' },
          cacheControl: 'public, max-age=60',
        }),
    });
    http.route({
      listener: 'preview',
      method: 'GET',
      pattern: '/broken',
      handler: () => {
        throw new Error('handler bug');
      },
    });
    await http.start();
    port = portOf(http, 'preview');
  });
  afterAll(async () => {
    await http?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('binds the preview on 127.0.0.1 only, and builds its URLs with encoded segments', () => {
    expect(http.baseUrl('preview')).toBe(`http://127.0.0.1:${port}`);
    expect(http.url('preview', ['one', 'a b/c'])).toBe(`http://127.0.0.1:${port}/one/a%20b%2Fc`);
  });

  it('serves the routes that two modules registered on one listener', async () => {
    expect(await rawRequest(port, '/one/alpha')).toMatchObject({ status: 200, body: 'one:alpha' });
    expect(await rawRequest(port, '/two/ping', { method: 'POST' })).toMatchObject({ status: 200, body: 'pong' });
    expect(await rawRequest(port, '/one/a%20b')).toMatchObject({ status: 200, body: 'one:a b' });
  });

  it('refuses a second route for the same method and pattern', () => {
    const handler = (): void => undefined;
    expect(() => http.route({ listener: 'preview', method: 'GET', pattern: '/one/:other', handler })).not.toThrow();
    expect(() => http.route({ listener: 'preview', method: 'GET', pattern: '/one/:name', handler })).toThrow(/Two routes/);
    expect(() => http.route({ listener: 'preview', method: 'GET', pattern: '/../x', handler })).toThrow(/invalid segment/);
  });

  it.each([
    ['a foreign name (DNS rebinding)', 'evil.example'],
    ['a foreign name with our port', `evil.example:0`],
    ['a name that starts like loopback', `127.0.0.1.evil.example:${0}`],
    ['loopback on another port', '127.0.0.1:1'],
    ['localhost without a port', 'localhost'],
    ['userinfo tricks', `127.0.0.1:${0}@evil.example`],
  ])('refuses a Host header of %s', async (_what, host) => {
    const res = await rawRequest(port, '/one/alpha', { host: host.replace(':0', `:${port}`) });
    expect(res.status).toBe(421);
    expect(res.body).not.toContain('one:');
  });

  it('refuses a request without a Host header, and answers every loopback name with its port', async () => {
    // Node refuses it first (400, requireHostHeader); the listener's own check would say 421.
    expect([400, 421]).toContain((await rawRequest(port, '/one/alpha', { host: null })).status);
    expect(isHostAllowed({ kind: 'loopback', port }, undefined)).toBe(false);
    for (const name of ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]']) {
      expect(await rawRequest(port, '/one/alpha', { host: `${name}:${port}` })).toMatchObject({ status: 200 });
    }
  });

  it.each([
    '/files/../outside.mp4',
    '/files/%2e%2e/outside.mp4',
    '/files/..%2foutside.mp4',
    '/files/..%5coutside.mp4',
    '/files\\..\\outside.mp4',
    '/files/clip.mp4%00.txt',
    '//files/clip.mp4',
    'http://127.0.0.1/files/clip.mp4',
  ])('refuses the path %s before any handler runs', async (urlPath) => {
    const res = await rawRequest(port, urlPath);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('secret');
  });

  it('serves files with their content type and cache header, never a folder listing', async () => {
    const file = await rawRequest(port, '/files/clip.mp4');
    expect(file).toMatchObject({ status: 200, body: 'not really a video' });
    expect(file.headers).toMatchObject({ 'content-type': 'video/mp4', 'cache-control': 'public, max-age=60' });
    expect((await rawRequest(port, '/files/folder')).status).toBe(404);
    expect((await rawRequest(port, '/files/nothing.mp4')).status).toBe(404);
    const head = await rawRequest(port, '/files/clip.mp4', { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe(String('not really a video'.length));
  });

  it('answers 404 for unknown paths and 405 with Allow for a known path with another method', async () => {
    expect((await rawRequest(port, '/nothing/here')).status).toBe(404);
    const wrong = await rawRequest(port, '/two/ping');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST, OPTIONS');
  });

  it('sends CORS headers only where a route configured them', async () => {
    const origin = { Origin: 'http://127.0.0.1:5173' };
    const configured = await rawRequest(port, '/two/ping', { method: 'POST', headers: origin });
    expect(configured.headers['access-control-allow-origin']).toBe('http://127.0.0.1:5173');
    const preflight = await rawRequest(port, '/two/ping', { method: 'OPTIONS', headers: origin });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
    const notConfigured = await rawRequest(port, '/one/alpha', { headers: origin });
    expect(notConfigured.headers['access-control-allow-origin']).toBeUndefined();
    const foreign = await rawRequest(port, '/two/ping', { method: 'POST', headers: { Origin: 'http://evil.example' } });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('turns a handler that throws into a 500 and logs it', async () => {
    expect(await rawRequest(port, '/broken')).toMatchObject({ status: 500, body: 'Internal error' });
    expect(errors).toContain('HTTP GET /broken failed');
  });
});

describe('listeners', () => {
  it('has no public listener unless configured: its routes are kept but not served', async () => {
    const http = createHttpService({ log: () => undefined });
    http.route({ listener: 'public', method: 'GET', pattern: '/live.m3u8', handler: (_r, res) => void res.end('x') });
    await http.start();
    expect(http.baseUrl('public')).toBeNull();
    expect(http.url('public', ['live.m3u8'])).toBeNull();
    expect((await rawRequest(portOf(http, 'preview'), '/live.m3u8')).status).toBe(404);
    await http.close();
    expect(http.baseUrl('preview')).toBeNull();
  });

  it('serves a configured public listener under its own host names and public URL; preview routes stay off it', async () => {
    const publicPort = await freeLoopbackPort();
    const http = createHttpService({
      log: () => undefined,
      public: { host: '127.0.0.1', port: publicPort, hostNames: ['live.example.com'], publicUrl: 'https://live.example.com/' },
    });
    http.route({ listener: 'public', method: 'GET', pattern: '/live.m3u8', handler: (_r, res) => void res.end('public') });
    http.route({ listener: 'preview', method: 'GET', pattern: '/hls/:id', handler: (_r, res) => void res.end('preview') });
    await http.start();
    try {
      expect(http.url('public', ['live.m3u8'])).toBe('https://live.example.com/live.m3u8');
      expect(await rawRequest(publicPort, '/live.m3u8', { host: 'live.example.com' })).toMatchObject({
        status: 200,
        body: 'public',
      });
      expect((await rawRequest(publicPort, '/live.m3u8', { host: 'other.example.com' })).status).toBe(421);
      expect((await rawRequest(publicPort, '/hls/x', { host: 'live.example.com' })).status).toBe(404);
      expect(await rawRequest(portOf(http, 'preview'), '/hls/x')).toMatchObject({ status: 200, body: 'preview' });
    } finally {
      await http.close();
    }
  });

  it('takes the fixed preview port it is given', async () => {
    const fixed = await freeLoopbackPort();
    const http = createHttpService({ log: () => undefined, preview: { port: fixed } });
    await http.start();
    expect(http.baseUrl('preview')).toBe(`http://127.0.0.1:${fixed}`);
    await http.close();
  });

  it('a preview reached through tunnels answers loopback names on any port, and still no foreign name', () => {
    expect(isHostAllowed({ kind: 'loopbackAnyPort' }, '127.0.0.1:40123')).toBe(true);
    expect(isHostAllowed({ kind: 'loopbackAnyPort' }, 'evil.example:40123')).toBe(false);
    expect(isHostAllowed({ kind: 'loopback', port: 8080 }, '127.0.0.1:40123')).toBe(false);
  });
});

describe('route patterns', () => {
  it('match decoded segments and refuse anything that could leave a folder', () => {
    const pattern = compilePattern('/hls/:liveId/:file');
    expect(matchPattern(pattern, pathSegments('/hls/a/index.m3u8?x=1') ?? [])).toEqual({ liveId: 'a', file: 'index.m3u8' });
    expect(matchPattern(pattern, pathSegments('/hls/a/b/c') ?? [])).toBeNull();
    for (const unsafe of [
      '/hls/../x',
      '/hls/%2E%2E/x',
      '/hls/a%2Fb/x',
      '/hls/a/%00',
      '/hls/a/%0a',
      '/hls//x',
      '/%zz',
      'hls/a/b',
    ]) {
      expect(pathSegments(unsafe), unsafe).toBeNull();
    }
  });
});
