import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkAddresses, Output, OutputLink } from '@shared/contract/outputs';
import { WATCH_TEXT } from '@shared/outputs/watch-text';
import { startAudienceEngine, type AudienceEngine } from '../../support/outputs/audience-engine';
import { waitFor } from '../../support/wait-for';
import { REPO_ROOT } from '../../support/webhost';

/**
 * Issue 14 §3 and §6: links that expire, checked on the playlist and every segment; forged,
 * expired and revoked links refused with a plain status for players and a page for people; key
 * rotation; the per-address limit on token failures. Requests come "through the proxy" (trusted
 * X-Forwarded-For), so each case speaks from its own address and the limiter stays out of the way.
 */

const HOUR = 3600_000;
let clockOffset = 0;
let addressCounter = 10;
/** A fresh client address per call: failures of one case never count against another. */
const freshAddress = (): string => `198.51.100.${addressCounter++}`;

describe('signed links', () => {
  let audience: AudienceEngine;
  let salon: Output;
  let cuisine: Output;
  let base: string;

  beforeAll(async () => {
    audience = await startAudienceEngine({
      now: () => Date.now() + clockOffset,
      trustProxy: true,
      watchAssetsDir: path.join(REPO_ROOT, 'out/watch'),
      failureLimits: { windowMs: 60_000, maxFailures: 5, blockMs: 60_000, maxAddresses: 1000 },
    });
    base = audience.base ?? '';
    salon = await audience.createOutput({ slug: 'salon', title: 'Salon' });
    cuisine = await audience.createOutput({ slug: 'cuisine', title: 'Cuisine' });
    // The slate plays from the start: there are segments to ask for.
    await waitFor(() => getText('/o/salon/live.m3u8?t=x', freshAddress()).then(() => true), { what: 'the listener' });
  });
  afterAll(async () => audience?.close());

  async function get(pathAndQuery: string, from = freshAddress(), headers: Record<string, string> = {}): Promise<Response> {
    return fetch(new URL(pathAndQuery, base), { headers: { 'X-Forwarded-For': from, ...headers } });
  }
  async function getText(pathAndQuery: string, from?: string): Promise<{ status: number; text: string; res: Response }> {
    const res = await get(pathAndQuery, from);
    return { status: res.status, text: await res.text(), res };
  }
  /** The playlist of a link, once its window has a segment, and that segment's address. */
  async function playlistAndSegment(playlist: string): Promise<{ text: string; segment: string; res: Response }> {
    return waitFor(
      async () => {
        const { status, text, res } = await getText(playlist);
        const segment = text.split('\n').find((l) => l.endsWith('.ts') || l.includes('.ts?'));
        return status === 200 && segment ? { text, segment: new URL(segment, new URL(playlist, base)).href, res } : undefined;
      },
      { timeoutMs: 30_000, what: 'a segment in the link’s playlist' },
    );
  }
  const relative = (url: string): string => {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  };
  const makeLink = (fields: { outputId: string; expiresInHours?: number; label?: string }) =>
    audience.createLink(fields) as Promise<{ link: OutputLink; addresses: LinkAddresses }>;

  it('opens the playlist and every segment with a link’s token, with the right types and cache rules', async () => {
    const { link, addresses } = await makeLink({ outputId: salon.id, label: 'Family' });
    expect(link.state).toBe('active');
    expect(Date.parse(link.expiresAt) - Date.parse(link.createdAt)).toBe(24 * HOUR);
    const { text, segment, res } = await playlistAndSegment(relative(addresses.playlist));
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(text).toContain('#EXT-X-PROGRAM-DATE-TIME:');
    // A player on another site (a web IPTV player) may read it: CORS on media, not on the page.
    const cross = await get(relative(addresses.playlist), freshAddress(), { Origin: 'https://player.example' });
    expect(cross.headers.get('access-control-allow-origin')).toBe('*');
    const page = await get(relative(addresses.watch), freshAddress(), { Origin: 'https://player.example' });
    expect(page.status).toBe(200);
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    // Every segment address carries the token: a player needs nothing else.
    expect(new URL(segment).searchParams.get('t')).toBe(new URL(addresses.playlist).searchParams.get('t'));
    const media = await get(relative(segment));
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('video/mp2t');
    expect(media.headers.get('cache-control')).toBe('public, max-age=86400, immutable');
    expect((await media.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    // The segment without its token is refused: the token is checked on every segment.
    const bare = new URL(segment);
    bare.search = '';
    expect((await get(relative(bare.href))).status).toBe(403);
  });

  it('refuses a missing token: plain text for players, a page in the viewer’s language for people', async () => {
    const player = await getText('/o/salon/live.m3u8');
    expect(player.status).toBe(403);
    expect(player.res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(player.text).toContain(WATCH_TEXT.en.refusal.missing);
    const page = await get('/watch/salon', freshAddress(), { 'Accept-Language': 'fr-FR,fr;q=0.9' });
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('data-refusal="missing"');
    expect(html).toContain(WATCH_TEXT.fr.refusal.missing.replace(/’/g, '’'));
  });

  it('refuses a forged token: a changed signature, a token of another output, a play token used as a link', async () => {
    const { addresses } = await makeLink({ outputId: salon.id });
    const token = new URL(addresses.playlist).searchParams.get('t') ?? '';
    const flipped = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const forged of [flipped, token.replace(salon.id, cuisine.id), 'v1.L.x.y.-.zzzzzz.k.mac', 'garbage']) {
      const r = await getText(`/o/salon/live.m3u8?t=${encodeURIComponent(forged)}`);
      expect(r.status, forged).toBe(403);
      expect(r.text).toContain(WATCH_TEXT.en.refusal.forged);
    }
    // A salon token on the cuisine output.
    const other = await getText(`/o/cuisine/live.m3u8?t=${encodeURIComponent(token)}`);
    expect(other.status).toBe(403);
    // The watch page's play token (short-lived, for its own requests) does not open the page itself.
    const watch = await getText(relative(addresses.watch));
    expect(watch.status).toBe(200);
    const play = /"playlist":"[^"]*\?t=([^"]+)"/.exec(watch.text)?.[1] ?? '';
    expect(play).not.toBe('');
    expect((await getText(`/o/salon/live.m3u8?t=${play}`)).status).toBe(200);
    const reused = await getText(`/watch/salon?t=${play}`);
    expect(reused.status).toBe(403);
    expect(reused.text).toContain('data-refusal="forged"');
  });

  it('refuses a revoked link at once, on the playlist, its segments and its page', async () => {
    const { link, addresses } = await makeLink({ outputId: salon.id, label: 'To revoke' });
    const { segment } = await playlistAndSegment(relative(addresses.playlist));
    expect((await get(relative(segment))).status).toBe(200);
    const revoked = await audience.call<OutputLink>('outputs.revokeLink', { linkId: link.id });
    expect(revoked.state).toBe('revoked');
    const playlist = await getText(relative(addresses.playlist));
    expect(playlist.status).toBe(403);
    expect(playlist.text).toContain(WATCH_TEXT.en.refusal.revoked);
    expect((await get(relative(segment))).status).toBe(403);
    const page = await getText(relative(addresses.watch));
    expect(page.status).toBe(403);
    expect(page.text).toContain('data-refusal="revoked"');
    const { items } = await audience.call<{ items: OutputLink[] }>('outputs.listLinks', { outputId: salon.id });
    expect(items.find((l) => l.id === link.id)?.state).toBe('revoked');
  });

  it('refuses an expired link after its hours, while a longer one still works; counts views', async () => {
    const short = await makeLink({ outputId: salon.id, label: 'A day' });
    const long = await makeLink({ outputId: salon.id, label: 'Two days', expiresInHours: 48 });
    await playlistAndSegment(relative(short.addresses.playlist));
    clockOffset += 25 * HOUR;
    try {
      const expired = await getText(relative(short.addresses.playlist));
      expect(expired.status).toBe(403);
      expect(expired.text).toContain(WATCH_TEXT.en.refusal.expired);
      const page = await getText(relative(short.addresses.watch));
      expect(page.status).toBe(403);
      expect(page.text).toContain('data-refusal="expired"');
      expect((await getText(relative(long.addresses.playlist))).status).toBe(200);
      const { items } = await audience.call<{ items: OutputLink[] }>('outputs.listLinks', { outputId: salon.id });
      expect(items.find((l) => l.id === short.link.id)?.state).toBe('expired');
      expect(items.find((l) => l.id === short.link.id)?.views).toBeGreaterThanOrEqual(1);
      expect(items.find((l) => l.id === long.link.id)?.state).toBe('active');
    } finally {
      clockOffset -= 25 * HOUR;
    }
  });

  it('refuses an expiry out of 1 hour–30 days with a clear message', async () => {
    await expect(makeLink({ outputId: salon.id, expiresInHours: 0 })).rejects.toThrow('A link lasts at least 1 hour.');
    await expect(makeLink({ outputId: salon.id, expiresInHours: 721 })).rejects.toThrow('A link lasts at most 30 days');
  });

  it('rotates the signing key: old links keep working until the previous key is dropped', async () => {
    const before = await makeLink({ outputId: salon.id, label: 'Before rotation' });
    await audience.call('outputs.rotateKey', { dropPrevious: false });
    expect((await getText(relative(before.addresses.playlist))).status).toBe(200);
    const after = await makeLink({ outputId: salon.id, label: 'After rotation' });
    expect(new URL(after.addresses.playlist).searchParams.get('t')?.split('.')[6]).not.toBe(
      new URL(before.addresses.playlist).searchParams.get('t')?.split('.')[6],
    );
    await audience.call('outputs.rotateKey', { dropPrevious: true });
    const dropped = await getText(relative(before.addresses.playlist));
    expect(dropped.status).toBe(403);
    expect(dropped.text).toContain(WATCH_TEXT.en.refusal.forged);
    // `after` was signed by the key that just became "previous" and was then dropped too.
    expect((await getText(relative(after.addresses.playlist))).status).toBe(403);
    const fresh = await makeLink({ outputId: salon.id, label: 'Newest key' });
    expect((await getText(relative(fresh.addresses.playlist))).status).toBe(200);
  });

  it('blocks an address after repeated token failures (429 with Retry-After), valid token or not; others go on', async () => {
    const { addresses } = await makeLink({ outputId: salon.id });
    const attacker = freshAddress();
    for (let i = 0; i < 5; i++) expect((await getText('/o/salon/live.m3u8?t=guess', attacker)).status).toBe(403);
    const blocked = await getText(relative(addresses.playlist), attacker);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.text).toContain(WATCH_TEXT.en.refusal.limited);
    expect((await getText(relative(addresses.playlist), freshAddress())).status).toBe(200);
  });
});
