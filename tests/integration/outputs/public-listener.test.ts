import path from 'node:path';
import parser from 'iptv-playlist-parser';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkAddresses, Output, OutputLink } from '@shared/contract/outputs';
import { caddyAvailable, startCaddy, type CaddyPeer } from '../../support/caddy';
import { startAudienceEngine, type AudienceEngine } from '../../support/outputs/audience-engine';
import { freeLoopbackPort } from '../../support/ports';
import { rawRequest } from '../../support/raw-http';
import { waitFor } from '../../support/wait-for';
import { REPO_ROOT } from '../../support/webhost';

/**
 * Issue 14 §4–§7 on one engine as on a VPS: its public listener on loopback behind Caddy (Debian
 * package, internal CA) serving HTTPS for `live.test`; the M3U and XMLTV read by real parsers
 * (iptv-org's iptv-playlist-parser, the saxes XML parser); path traversal, folder listing and
 * foreign Host headers refused.
 */

const SITE = 'live.test';

interface XmltvGuide {
  channels: { id: string; name: string; icon: string | undefined }[];
  programmes: { channel: string; start: string; stop: string; title: string }[];
}

/** The guide through a real XML parser: malformed XML throws. */
function parseXmltv(text: string): XmltvGuide {
  const guide: XmltvGuide = { channels: [], programmes: [] };
  const sax = new SaxesParser();
  const stack: string[] = [];
  let textOf = '';
  sax.on('error', (error) => {
    throw error;
  });
  sax.on('opentag', (tag) => {
    stack.push(tag.name);
    textOf = '';
    const attr = (name: string): string => String(tag.attributes[name] ?? '');
    if (tag.name === 'channel') guide.channels.push({ id: attr('id'), name: '', icon: undefined });
    if (tag.name === 'icon' && stack.at(-2) === 'channel') {
      const channel = guide.channels.at(-1);
      if (channel) channel.icon = attr('src');
    }
    if (tag.name === 'programme')
      guide.programmes.push({ channel: attr('channel'), start: attr('start'), stop: attr('stop'), title: '' });
  });
  sax.on('text', (t) => (textOf += t));
  sax.on('closetag', (tag) => {
    stack.pop();
    if (tag.name === 'display-name') {
      const channel = guide.channels.at(-1);
      if (channel) channel.name = textOf;
    }
    if (tag.name === 'title') {
      const programme = guide.programmes.at(-1);
      if (programme) programme.title = textOf;
    }
  });
  sax.write(text).close();
  return guide;
}

const XMLTV_TIME = /^\d{14} \+0000$/;

describe('the public listener as on a VPS', () => {
  let audience: AudienceEngine;
  let caddy: CaddyPeer | undefined;
  let cuisine: Output;
  let cuisineLink: { link: OutputLink; addresses: LinkAddresses };
  let port: number;
  let caddyPort: number;

  beforeAll(async () => {
    port = await freeLoopbackPort();
    caddyPort = await freeLoopbackPort();
    audience = await startAudienceEngine({
      watchAssetsDir: path.join(REPO_ROOT, 'out/watch'),
      publicListener: {
        host: '127.0.0.1',
        port,
        // Behind Caddy: its site name; directly (the tests' own requests): loopback.
        hostNames: [SITE, `${SITE}:${caddyPort}`, '127.0.0.1', `127.0.0.1:${port}`],
        publicUrl: `https://${SITE}:${caddyPort}`,
        trustProxy: true,
      },
    });
    const salon = await audience.createOutput({ slug: 'salon', title: 'Le Salon', group: 'Maison', access: 'open' });
    // The first output answers /live.m3u8 (the tests below read the open salon there).
    expect(salon.isDefault).toBe(true);
    cuisine = await audience.createOutput({
      slug: 'cuisine',
      title: 'Cuisine & "Co"',
      group: 'Maison',
      logoUrl: 'https://cdn.example/cuisine.png',
    });
    cuisineLink = await audience.createLink({ outputId: cuisine.id, label: 'Jellyfin' });
    if (caddyAvailable()) caddy = await startCaddy({ site: SITE, upstreamPort: port, port: caddyPort });
  }, 60_000);
  afterAll(async () => {
    await caddy?.close();
    await audience?.close();
  });

  const direct = (pathAndQuery: string, host = `127.0.0.1:${port}`) => rawRequest(port, pathAndQuery, { host });
  const tokenOf = (url: string): string => new URL(url).searchParams.get('t') ?? '';

  describe('M3U and XMLTV for Jellyfin, Kodi and VLC', () => {
    it('lists the open outputs without a token, read by a real M3U parser, its guide address included', async () => {
      const answer = await direct('/playlist.m3u');
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('audio/x-mpegurl; charset=utf-8');
      const playlist = parser.parse(Buffer.from(answer.body, 'latin1').toString('utf8'));
      expect(playlist.header.attrs['url-tvg']).toBe(`https://${SITE}:${caddyPort}/guide.xml`);
      expect(playlist.items).toHaveLength(1);
      const [item] = playlist.items;
      expect(item?.name).toBe('Le Salon');
      expect(item?.tvg.id).toBe('salon.livemanager');
      expect(item?.group.title).toBe('Maison');
      expect(item?.tvg.logo).toBe(`https://${SITE}:${caddyPort}/o/salon/logo.png`);
      expect(item?.url).toBe(`https://${SITE}:${caddyPort}/o/salon/live.m3u8`);
    });

    it('adds a link’s output with the token in its addresses; the XMLTV ids match the tvg-ids', async () => {
      const token = tokenOf(cuisineLink.addresses.m3u);
      expect(token).not.toBe('');
      const m3u = await direct(`/playlist.m3u?t=${encodeURIComponent(token)}`);
      expect(m3u.status).toBe(200);
      const playlist = parser.parse(Buffer.from(m3u.body, 'latin1').toString('utf8'));
      expect(playlist.items.map((i) => i.tvg.id).sort()).toEqual(['cuisine.livemanager', 'salon.livemanager']);
      const item = playlist.items.find((i) => i.tvg.id === 'cuisine.livemanager');
      expect(item?.name).toBe('Cuisine & "Co"');
      expect(item?.tvg.logo).toBe('https://cdn.example/cuisine.png');
      expect(tokenOf(item?.url ?? 'http://x')).toBe(token);
      expect(tokenOf(playlist.header.attrs['url-tvg'] ?? 'http://x')).toBe(token);

      const xml = await direct(`/guide.xml?t=${encodeURIComponent(token)}`);
      expect(xml.status).toBe(200);
      expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
      const guide = parseXmltv(Buffer.from(xml.body, 'latin1').toString('utf8'));
      expect(guide.channels.map((c) => c.id).sort()).toEqual(['cuisine.livemanager', 'salon.livemanager']);
      expect(guide.channels.find((c) => c.id === 'cuisine.livemanager')?.name).toBe('Cuisine & "Co"');
      expect(guide.programmes.length).toBeGreaterThan(0);
      for (const p of guide.programmes) {
        expect(guide.channels.some((c) => c.id === p.channel)).toBe(true);
        expect(p.start).toMatch(XMLTV_TIME);
        expect(p.stop).toMatch(XMLTV_TIME);
        expect(p.stop > p.start).toBe(true);
      }
      // Without a token the guide lists the open output only.
      const open = parseXmltv(Buffer.from((await direct('/guide.xml')).body, 'latin1').toString('utf8'));
      expect(open.channels.map((c) => c.id)).toEqual(['salon.livemanager']);
    });

    it('refuses a forged token on the lists with a plain status', async () => {
      const answer = await direct('/playlist.m3u?t=v1.L.a.b.-.zz.k.forged');
      expect(answer.status).toBe(403);
      expect(answer.headers['content-type']).toMatch(/^text\/plain/);
    });
  });

  describe('path traversal, folder listing and Host', () => {
    const SECRETS = [/nextSeq/, /root:x:0/, /"name": "livemanager"/, /#EXTINF/, /SQLite format/];
    it.each([
      '/o/salon/../../../../etc/passwd',
      '/o/salon/..%2f..%2f..%2fetc%2fpasswd',
      '/o/salon/%2e%2e/state.json',
      '/o/%2e%2e/salon/live.m3u8',
      '/o/salon/state.json',
      '/o/salon/live.m3u8.tmp',
      '/o/salon/feeds',
      '/o/salon/%00.ts',
      '/o/salon/..%5c..%5cstate.json',
      '/watch-assets/..%2f..%2fpackage.json',
      '/watch-assets/../../package.json',
      '//etc/passwd',
      '/engine.db',
    ])('refuses %s without serving a file', async (attack) => {
      const answer = await direct(attack);
      expect([400, 404]).toContain(answer.status);
      for (const secret of SECRETS) expect(answer.body).not.toMatch(secret);
    });

    it.each(['/', '/o/', '/o/salon/', '/watch/', '/watch-assets/'])('lists no folder at %s', async (folder) => {
      const answer = await direct(folder);
      expect([400, 404]).toContain(answer.status);
      expect(answer.body).not.toMatch(/\.ts|live\.m3u8|Index of/i);
    });

    it.each(['evil.example', 'evil.example:8089', 'live.test.evil.example', '127.0.0.1.evil.example'])(
      'answers a foreign Host header (%s) with 421 and nothing else',
      async (host) => {
        const answer = await rawRequest(port, '/live.m3u8', { host });
        expect(answer.status).toBe(421);
        expect(answer.body).not.toContain('#EXTM3U');
      },
    );

    it('answers a request without a Host header with an error and nothing else', async () => {
      const answer = await rawRequest(port, '/live.m3u8', { host: null });
      expect([400, 421]).toContain(answer.status);
      expect(answer.body).not.toContain('#EXTM3U');
    });

    it('answers its own names', async () => {
      expect((await direct('/live.m3u8', SITE)).status).toBe(200);
      expect((await direct('/live.m3u8', `127.0.0.1:${port}`)).status).toBe(200);
    });
  });

  describe.skipIf(!caddyAvailable())('behind Caddy over HTTPS (internal CA)', () => {
    it('serves /live.m3u8 and its segments over HTTPS with the same headers', async () => {
      if (!caddy) throw new Error('Caddy did not start');
      const { playlist, segment } = await waitFor(
        async () => {
          const answer = await caddy?.get('/live.m3u8');
          const text = answer?.body.toString('utf8') ?? '';
          const uri = text.split('\n').find((l) => /\.ts(\?|$)/.test(l));
          return answer?.status === 200 && uri ? { playlist: answer, segment: uri } : undefined;
        },
        { timeoutMs: 30_000, what: 'a segment listed through Caddy' },
      );
      expect(playlist.headers['content-type']).toBe('application/vnd.apple.mpegurl');
      expect(playlist.headers['cache-control']).toBe('no-cache');
      const media = await caddy.get(`/${segment}`);
      expect(media.status).toBe(200);
      expect(media.headers['content-type']).toBe('video/mp2t');
      expect(media.headers['cache-control']).toBe('public, max-age=86400, immutable');
      expect(media.body[0]).toBe(0x47); // an MPEG-TS sync byte
    });

    it('plays a link through HTTPS: the watch page, the M3U with https addresses; forged refused', async () => {
      if (!caddy) throw new Error('Caddy did not start');
      const watch = new URL(cuisineLink.addresses.watch);
      expect(watch.origin).toBe(caddy.origin);
      const page = await caddy.get(`${watch.pathname}${watch.search}`);
      expect(page.status).toBe(200);
      expect(page.body.toString('utf8')).toContain('<video id="video"');
      const m3u = await caddy.get(`/playlist.m3u?t=${encodeURIComponent(tokenOf(cuisineLink.addresses.m3u))}`);
      const listed = parser.parse(m3u.body.toString('utf8')).items.find((i) => i.tvg.id === 'cuisine.livemanager');
      expect(listed?.url.startsWith(`${caddy.origin}/o/cuisine/live.m3u8?t=`)).toBe(true);
      const forged = await caddy.get('/o/cuisine/live.m3u8?t=v1.L.a.b.-.zz.k.forged');
      expect(forged.status).toBe(403);
    });

    it('limits token failures by the client Caddy saw: a spoofed X-Forwarded-For does not escape it', async () => {
      if (!caddy) throw new Error('Caddy did not start');
      // Each try claims another address; Caddy reports the real peer last, and that is what counts.
      // (This address already failed a few times above: the block comes at the 20th failure in all.)
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const answer = await caddy.get('/o/cuisine/live.m3u8?t=bad', { 'X-Forwarded-For': `203.0.113.${i}` });
        statuses.push(answer.status);
      }
      expect(statuses[0]).toBe(403);
      expect(statuses.at(-1)).toBe(429);
      const blocked = await caddy.get('/o/salon/live.m3u8');
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
});
