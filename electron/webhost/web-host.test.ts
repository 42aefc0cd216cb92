import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createChannelClient } from '@shared/rpc/channel-client';
import { websocketChannel, type WebSocketLike } from '@shared/rpc/websocket-channel';
import { createTestBackend, openWebSocket, testContract } from '../../tests/support/rpc-peers';
import { WEB_HOST_CSP, startWebHost, type WebHost } from './web-host';

const SECRET = 'TOP-SECRET-package-json';
const LIMIT = 32 * 1024;
let root: string;
let rendererDir: string;
let host: WebHost;

beforeAll(async () => {
  // <root>/package.json is what a traversal would try to reach; the renderer is <root>/renderer.
  root = await mkdtemp(path.join(os.tmpdir(), 'lm-webhost-'));
  rendererDir = path.join(root, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'package.json'), SECRET);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>INDEX</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  await writeFile(path.join(rendererDir, 'assets', 'index-CRaNs_w-.js'), 'console.log("hashed");');
  await symlink(path.join(root, 'package.json'), path.join(rendererDir, 'assets', 'linked.json'));
  const backend = createTestBackend();
  host = await startWebHost({ router: backend.router, events: backend.events, rendererDir, port: 0, maxFrameBytes: LIMIT });
});

afterAll(async () => {
  await host?.close();
  await rm(root, { recursive: true, force: true });
});

/** A raw GET: the path is sent exactly as given (no client-side normalisation). */
function get(rawPath: string, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { port } = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(port), path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function tcpConnects(hostname: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The HTTP status a refused upgrade answers with (or 101 when it is accepted). */
function upgradeStatus(query: string, headers: Record<string, string> = {}, pathname = '/rpc'): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${host.origin.replace('http', 'ws')}${pathname}${query}`, { headers });
    socket.once('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', reject);
  });
}

describe('web host', () => {
  it('listens on 127.0.0.1 only', async () => {
    const { hostname, port } = new URL(host.origin);
    expect(hostname).toBe('127.0.0.1');
    expect(await tcpConnects('127.0.0.1', Number(port))).toBe(true);
    // Also loopback, but not the bound address: a server on 0.0.0.0 / :: would accept these.
    expect(await tcpConnects('127.0.0.2', Number(port))).toBe(false);
    expect(await tcpConnects('::1', Number(port))).toBe(false);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) expect(await tcpConnects(external.address, Number(port))).toBe(false);
  });

  it('draws a new random token on every start', async () => {
    const backend = createTestBackend();
    const other = await startWebHost({ router: backend.router, events: backend.events, rendererDir, port: 0 });
    try {
      expect(other.token).not.toBe(host.token);
      for (const token of [host.token, other.token]) expect(token).toMatch(/^[A-Za-z0-9_-]{32,}$/);
      expect(other.url).toBe(`${other.origin}/?token=${other.token}`);
    } finally {
      await other.close();
    }
  });

  it('serves the renderer with the CSP and nosniff headers', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('INDEX');
    expect(index.headers['content-security-policy']).toBe(WEB_HOST_CSP);
    expect(WEB_HOST_CSP).toMatch(/default-src 'self'/);
    expect(WEB_HOST_CSP).toMatch(/frame-ancestors 'none'/);
    expect(WEB_HOST_CSP).not.toMatch(/unsafe-eval/);
    expect(index.headers['x-content-type-options']).toBe('nosniff');

    const script = await get('/assets/app.js');
    expect(script).toMatchObject({ status: 200, body: 'console.log("app");' });
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.headers['content-security-policy']).toBe(WEB_HOST_CSP);

    // Client-side routes fall back to index.html.
    expect((await get('/lives/123')).body).toContain('INDEX');
    expect((await get('/', 'POST')).status).toBe(405);
  });

  it('lets the browser keep content-hashed bundle files, and asks again for everything else', async () => {
    const hashed = await get('/assets/index-CRaNs_w-.js');
    expect(hashed).toMatchObject({ status: 200, body: 'console.log("hashed");' });
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // index.html names the current bundle: it is always asked again, as are unhashed files.
    expect((await get('/')).headers['cache-control']).toBe('no-cache');
    expect((await get('/assets/app.js')).headers['cache-control']).toBe('no-cache');
    // A missing hashed name falls back to index.html, which must not be kept under that name.
    const missing = await get('/assets/index-ZZZZZZZZ.js');
    expect(missing.body).toContain('INDEX');
    expect(missing.headers['cache-control']).toBe('no-cache');
  });

  it.each([
    '/../package.json',
    '/../../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/..%2fpackage.json',
    '/..%2Fpackage.json',
    '/%2e%2e%2fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/..\\package.json',
    '/..%5cpackage.json',
    '//..//package.json',
    '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/%00/../package.json',
    '/assets/linked.json',
    '/%',
  ])('does not let %s escape the renderer folder', async (rawPath) => {
    const res = await get(rawPath);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain('root:');
    expect([200, 400, 403, 404]).toContain(res.status);
  });

  it.each([
    ['no token', '', {}],
    ['a wrong token', '?token=nope', {}],
    ['a wrong token of the right length', `?token=${'A'.repeat(32)}`, {}],
    ['a foreign Origin, even with the token', 'TOKEN', { origin: 'http://evil.example' }],
    ['a look-alike Origin on another port', 'TOKEN', { origin: 'http://127.0.0.1:1' }],
  ] as const)('refuses a WebSocket upgrade with %s (401), and stays up', async (_what, query, headers) => {
    const q = query === 'TOKEN' ? `?token=${host.token}` : query;
    expect(await upgradeStatus(q, headers)).toBe(401);
    expect((await get('/')).status).toBe(200);
    expect(await upgradeStatus(`?token=${host.token}`, { origin: host.origin })).toBe(101);
  });

  it('refuses an upgrade on another path even with the token', async () => {
    expect(await upgradeStatus(`?token=${host.token}`, {}, '/other')).toBe(401);
  });

  it('closes only the connection that sends a frame far over the limit; others keep working', async () => {
    const wsUrl = `${host.origin.replace('http', 'ws')}/rpc?token=${host.token}`;
    const bystander = createChannelClient(
      testContract,
      websocketChannel((await openWebSocket(wsUrl)) as unknown as WebSocketLike, LIMIT),
    );
    const abuser = await openWebSocket(wsUrl);
    const closed = new Promise<number>((resolve) => abuser.once('close', (code) => resolve(code)));
    abuser.send('x'.repeat(LIMIT * 17));
    expect(await closed).toBe(1009);
    expect(await bystander.api.test.echo({ text: 'still here' })).toEqual({ text: 'still here' });
    const fresh = createChannelClient(
      testContract,
      websocketChannel((await openWebSocket(wsUrl)) as unknown as WebSocketLike, LIMIT),
    );
    expect(await fresh.api.test.echo({ text: 'new' })).toEqual({ text: 'new' });
    bystander.close();
    fresh.close();
  });
});

/** Send one raw HTTP request line and headers; resolve with the status line the host answers. */
function rawRequest(target: string, headers: string[]): Promise<string> {
  const { port } = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
    socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`);
    // Whatever the answer, end our side so 'close' comes.
    setTimeout(() => socket.end(), 200).unref();
  });
}

describe('web host against odd requests', () => {
  const upgrade = [
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  ];

  it.each(['//', '//evil.example/rpc', 'http://[::1', '/rpc?token=%', '*'])(
    'answers an upgrade to %j without crashing',
    async (target) => {
      const status = await rawRequest(target, upgrade);
      expect(status).toMatch(/^HTTP\/1\.1 (400|401|404)/);
      expect((await get('/')).status).toBe(200);
    },
  );

  it.each(['//', '//evil.example/', '*'])('answers a plain GET of %j without crashing', async (target) => {
    const status = await rawRequest(target, ['Connection: close']);
    expect(status).toMatch(/^HTTP\/1\.1 (200|400|403|404)/);
    expect((await get('/')).status).toBe(200);
  });
});
