import type { ServerResponse } from 'node:http';
import { buildLogoArgs } from '@shared/ffmpeg/slate-args';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sendText } from '../http/responses';
import type { HttpRequest, HttpService } from '../http/http-service';
import { outputRoot } from '../hls/hls-paths';
import { PLAYLIST_CACHE, refuseForPlayer, SEGMENT_CACHE, sendBody } from './answers';
import type { OutputsDomain } from './outputs-domain';
import type { OutputRecord } from './output-store';

/** Players on any site may read playlists and segments: the token, not the origin, is the lock. */
export const PLAYER_CORS = ['*'];
const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';

/**
 * The media a player reads: `/o/<output>/live.m3u8`, its segments `/o/<output>/<n>.ts`, the
 * channel logo, and `/live.m3u8`, the default output's short address. Every playlist and segment
 * request passes the access gate (token, link, viewer limit, rate limit).
 */
export function serveMedia(http: HttpService, domain: OutputsDomain): Array<() => void> {
  return [
    http.route({
      listener: 'public',
      method: 'GET',
      pattern: '/live.m3u8',
      cors: PLAYER_CORS,
      handler: (request, res) => {
        const output = domain.store.defaultOutput();
        if (!output) return sendText(res, 404, 'No default output on this server.');
        playlist(domain, output, request, res, `o/${encodeURIComponent(output.slug)}/`);
      },
    }),
    http.route({
      listener: 'public',
      method: 'GET',
      pattern: '/o/:slug/:file',
      cors: PLAYER_CORS,
      handler: async (request, res) => {
        const output = domain.store.bySlug(request.params.slug ?? '');
        if (!output) return sendText(res, 404, 'There is no stream at this address.');
        const file = request.params.file ?? '';
        if (file === 'live.m3u8') return playlist(domain, output, request, res, '');
        if (file === 'logo.png') return logo(domain, output, request, res);
        const seq = /^(\d{1,15})\.ts$/.exec(file)?.[1];
        if (seq === undefined) return sendText(res, 404, 'Not found');
        await segment(domain, output, Number(seq), request, res);
      },
    }),
  ];
}

function playlist(domain: OutputsDomain, output: OutputRecord, request: HttpRequest, res: ServerResponse, prefix: string): void {
  const token = request.query.get('t');
  const admission = domain.gate.admit(output, token, request.client.ip, true);
  if (!admission.ok) return refuseForPlayer(res, admission.refusal, admission.retryAfterSec);
  const channel = domain.channel(output.id);
  if (!channel) return sendText(res, 503, 'This output is starting.', { 'Retry-After': '2' });
  // Segments carry the token the playlist was asked with, so a player needs nothing else.
  const suffix = token ? `?t=${encodeURIComponent(token)}` : '';
  const body = prefix === '' && suffix === '' ? channel.playlist() : channel.playlist((seq) => `${prefix}${seq}.ts${suffix}`);
  sendBody(request.req, res, body, { type: PLAYLIST_TYPE, cache: PLAYLIST_CACHE });
}

async function segment(domain: OutputsDomain, output: OutputRecord, seq: number, request: HttpRequest, res: ServerResponse) {
  const admission = domain.gate.admit(output, request.query.get('t'), request.client.ip, true);
  if (!admission.ok) return refuseForPlayer(res, admission.refusal, admission.retryAfterSec);
  const bytes = await domain.channel(output.id)?.segment(seq);
  if (!bytes) return sendText(res, 404, 'This segment is no longer available.');
  sendBody(request.req, res, bytes, { type: 'video/mp2t', cache: SEGMENT_CACHE });
}

const logos = new WeakMap<OutputsDomain, Map<string, Promise<Buffer | null>>>();

/** The output's own logo (its initial on a colour), made once by FFmpeg; no token: it shows nothing of the stream. */
async function logo(domain: OutputsDomain, output: OutputRecord, request: HttpRequest, res: ServerResponse): Promise<void> {
  const cache = logos.get(domain) ?? new Map<string, Promise<Buffer | null>>();
  logos.set(domain, cache);
  let made = cache.get(output.id);
  if (!made) {
    made = makeLogo(domain, output);
    cache.set(output.id, made);
  }
  const bytes = await made;
  if (!bytes) {
    cache.delete(output.id);
    return sendText(res, 404, 'No logo.');
  }
  sendBody(request.req, res, bytes, { type: 'image/png', cache: 'public, max-age=3600' });
}

async function makeLogo(domain: OutputsDomain, output: OutputRecord): Promise<Buffer | null> {
  const file = path.join(outputRoot(domain.deps.dataDir, output.id), 'logo.png');
  const existing = await readFile(file).catch(() => null);
  if (existing) return existing;
  const initial = (/[a-z0-9]/.exec(output.slug)?.[0] ?? '').toUpperCase();
  const hue = [...output.slug].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  for (const withText of [true, false]) {
    const result = await domain.deps.ffmpeg.run('ffmpeg', buildLogoArgs(file, { initial, hue, withText })).catch(() => null);
    if (result?.ended === 'exit' && result.code === 0) return readFile(file).catch(() => null);
  }
  return null;
}
