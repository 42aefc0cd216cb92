import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '@shared/contract/iptv';
import { m3uChunks } from '../../../tests/support/iptv/catalog-fixtures';
import { startIptvEngine, type IptvTestEngine } from '../../../tests/support/iptv/iptv-engine';
import { TestHttpServer } from '../../../tests/support/iptv/test-http-server';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>';

// The renderer's CSP allows images from the app and the engine's loopback origin only: logos are
// fetched by the engine (never from the user's browser) and served there, images only.
describe('channel logos through the engine', () => {
  let server: TestHttpServer;
  let t: IptvTestEngine;
  let provider: Provider;
  let base: string;
  const logo = (channel: number) => fetch(`${base}/${provider.id}/${channelIds[channel]}`);
  const channelIds: string[] = [];

  beforeAll(async () => {
    server = await new TestHttpServer().listen();
    server.route('/list.m3u', () => ({ body: () => m3uChunks({ channels: 6, streamOrigin: server.origin }) }));
    server.routePrefix('/logos/', (_request, url) => {
      switch (url.pathname) {
        case '/logos/0.png':
          return { body: PNG, contentType: 'image/png' };
        case '/logos/1.png': // a login page served as an image
          return { body: '<!doctype html><title>Login</title>', contentType: 'image/png' };
        case '/logos/2.png': // too big for a logo
          return { body: Buffer.concat([PNG, Buffer.alloc(600 * 1024)]), contentType: 'image/png' };
        case '/logos/3.png':
          return { body: SVG, contentType: 'application/octet-stream' };
        default:
          return { status: 404, body: 'no' };
      }
    });
    t = await startIptvEngine({ allDomains: {} });
    const added = await t.call<Provider>('iptv.addProvider', {
      kind: 'm3u',
      name: 'Logos',
      playlist: { url: server.url('/list.m3u') },
    });
    provider = await t.settled(added.id);
    const page = await t.call<{ items: { id: string; logo: string | null }[] }>('iptv.listChannels', { providerId: provider.id });
    channelIds.push(...page.items.map((c) => c.id));
    base = (await t.call<{ url: string }>('iptv.logoBase')).url;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await server?.close();
  });

  it('serves a logo from the loopback origin with its real type, and fetches it once', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/iptv\/logo$/);
    const first = await logo(0);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(first.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(Buffer.from(await first.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await logo(0)).status).toBe(200);
    expect(server.requests.filter((r) => r.path === '/logos/0.png')).toHaveLength(1);
  });

  it('refuses what is not an image or is too big, and remembers the failure', async () => {
    expect((await logo(1)).status).toBe(404);
    expect((await logo(2)).status).toBe(404);
    expect((await logo(4)).status).toBe(404);
    expect((await logo(1)).status).toBe(404);
    expect(server.requests.filter((r) => r.path === '/logos/1.png')).toHaveLength(1);
  });

  it('serves an SVG (recognised by its bytes) with a policy that forbids scripts', async () => {
    const svg = await logo(3);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
  });

  it('answers 404 for an unknown provider or channel, and 400 for a path that climbs out', async () => {
    expect((await fetch(`${base}/nope/${channelIds[0]}`)).status).toBe(404);
    expect((await fetch(`${base}/${provider.id}/m0000`)).status).toBe(404);
    // The engine's HTTP service refuses it before any route sees it.
    expect((await fetch(`${base}/${provider.id}/..%2F..%2Fetc`)).status).toBe(400);
  });
});
