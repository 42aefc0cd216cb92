import type { IncomingMessage, ServerResponse } from 'node:http';
import { WATCH_TEXT, type Refusal, type WatchLanguage } from '@shared/outputs/watch-text';
import { sendText } from '../http/responses';
import type { WatchAssets } from './watch-assets';
import { renderRefusalPage, WATCH_PAGE_CSP } from './watch-html';

/** Playlists change every segment: checked again on every load. */
export const PLAYLIST_CACHE = 'no-cache';
/** A segment number is never reused for other bytes (numbers only grow, see timeline.ts): cached for good. */
export const SEGMENT_CACHE = 'public, max-age=86400, immutable';

export const STATUS_OF: Readonly<Record<Refusal, number>> = {
  missing: 403,
  forged: 403,
  expired: 403,
  revoked: 403,
  full: 403,
  limited: 429,
  notFound: 404,
};

/** A body with its type and cache rule; HEAD gets the headers only. */
export function sendBody(
  req: IncomingMessage,
  res: ServerResponse,
  body: string | Buffer,
  headers: { type: string; cache: string; extra?: Record<string, string> },
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(200, {
    ...headers.extra,
    'Content-Type': headers.type,
    'Content-Length': bytes.length,
    'Cache-Control': headers.cache,
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/** For players (a playlist, a segment, a channel list): a status and one plain sentence. */
export function refuseForPlayer(res: ServerResponse, refusal: Refusal, retryAfterSec?: number): void {
  const retry: Record<string, string> = retryAfterSec === undefined ? {} : { 'Retry-After': String(retryAfterSec) };
  sendText(res, STATUS_OF[refusal], WATCH_TEXT.en.refusal[refusal], retry);
}

/** For people (the watch page): the same refusal as a page in their language. */
export function refuseForPerson(
  res: ServerResponse,
  refusal: Refusal,
  language: WatchLanguage,
  assets: WatchAssets | null,
  retryAfterSec?: number,
): void {
  const body = renderRefusalPage(refusal, language, assets);
  res.writeHead(STATUS_OF[refusal], {
    ...(retryAfterSec === undefined ? {} : { 'Retry-After': String(retryAfterSec) }),
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': WATCH_PAGE_CSP,
    'Referrer-Policy': 'no-referrer',
  });
  res.end(body);
}
