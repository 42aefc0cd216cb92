import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  acceptLanguageTags,
  WATCH_TEXT,
  watchLanguage,
  type Refusal,
  type WatchConfig,
  type WatchLanguage,
  type WatchState,
} from '@shared/outputs/watch-text';
import { sendText } from '../http/responses';
import type { HttpRequest, HttpService } from '../http/http-service';
import { refuseForPerson, sendBody, STATUS_OF } from './answers';
import type { Admission } from './access-gate';
import type { OutputsDomain } from './outputs-domain';
import type { OutputRecord } from './output-store';
import { linkScope } from './viewer-presence';
import { ASSETS_PATH, renderWatchPage, WATCH_PAGE_CSP } from './watch-html';

/** The page asks for a fresh play token this often; play tokens last 10 minutes (outputs-domain.ts). */
const RENEW_EVERY_SEC = 240;
const VIEWER_ID = /^[A-Za-z0-9_-]{12,32}$/;

/**
 * `/watch/<output>`: the page people are given (with a link's token, or none on an open output),
 * `/watch/<output>/state`: what the page polls (title, feed, a fresh play token), and its
 * content-named assets. The page never holds the link's playlist address: it plays through
 * play tokens minted here, which die minutes after the page stops asking.
 */
export function serveWatch(http: HttpService, domain: OutputsDomain): Array<() => void> {
  return [
    http.route({ listener: 'public', method: 'GET', pattern: '/watch/:slug', handler: (r, res) => page(domain, r, res) }),
    http.route({ listener: 'public', method: 'GET', pattern: '/watch/:slug/state', handler: (r, res) => state(domain, r, res) }),
    http.route({
      listener: 'public',
      method: 'GET',
      pattern: `/${ASSETS_PATH}/:file`,
      handler: ({ params, req }, res) => {
        const assets = domain.assets;
        const asset = [assets?.script, assets?.style].find((a) => a !== undefined && a.name === params.file);
        if (!asset) return sendText(res, 404, 'Not found');
        sendBody(req, res, asset.body, { type: asset.type, cache: 'public, max-age=31536000, immutable' });
      },
    }),
  ];
}

function languageOf(request: HttpRequest): WatchLanguage {
  const asked = request.query.get('lang');
  if (asked === 'fr' || asked === 'en') return asked;
  return watchLanguage(acceptLanguageTags(request.req.headers['accept-language']));
}

/** Only a link's token (or none, on an open output) opens the page: a play token copied out of it does not. */
function admitPage(domain: OutputsDomain, output: OutputRecord, request: HttpRequest): Admission {
  const admission = domain.gate.admit(output, request.query.get('t'), request.client.ip, false);
  if (admission.ok && admission.token?.kind === 'play') return { ok: false, refusal: 'forged' };
  return admission;
}

function page(domain: OutputsDomain, request: HttpRequest, res: ServerResponse): void {
  const language = languageOf(request);
  const output = domain.store.bySlug(request.params.slug ?? '');
  if (!output) return refuseForPerson(res, 'notFound', language, domain.assets);
  const assets = domain.assets;
  if (!assets) return sendText(res, 503, 'The watch page is not part of this build.');
  const admission = admitPage(domain, output, request);
  if (!admission.ok) return refuseForPerson(res, admission.refusal, language, assets, admission.retryAfterSec);
  const viewerId = randomBytes(12).toString('base64url');
  const link = admission.linkId ? (domain.links.get(admission.linkId) ?? null) : null;
  const feed = domain.feedOf(output);
  const linkToken = request.query.get('t');
  const slug = encodeURIComponent(output.slug);
  const config: WatchConfig = {
    slug: output.slug,
    title: output.title,
    language,
    playlist: `/o/${slug}/live.m3u8?t=${encodeURIComponent(domain.playToken(output.id, link, viewerId))}`,
    state: `/watch/${slug}/state?${linkToken ? `t=${encodeURIComponent(linkToken)}&` : ''}v=${viewerId}&lang=${language}`,
    renewEverySec: RENEW_EVERY_SEC,
    feed: feed.state,
    liveTitle: feed.liveTitle,
  };
  const body = renderWatchPage(config, assets);
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': WATCH_PAGE_CSP,
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  });
  res.end(request.req.method === 'HEAD' ? undefined : body);
}

function state(domain: OutputsDomain, request: HttpRequest, res: ServerResponse): void {
  const language = languageOf(request);
  const answer = (status: number, body: WatchState): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-store',
    });
    res.end(request.req.method === 'HEAD' ? undefined : text);
  };
  const refuse = (refusal: Refusal): void =>
    answer(STATUS_OF[refusal], { ok: false, refusal, message: WATCH_TEXT[language].refusal[refusal] });
  const output = domain.store.bySlug(request.params.slug ?? '');
  if (!output) return refuse('notFound');
  const admission = admitPage(domain, output, request);
  if (!admission.ok) return refuse(admission.refusal);
  const asked = request.query.get('v') ?? '';
  const viewerId = VIEWER_ID.test(asked) ? asked : randomBytes(12).toString('base64url');
  const link = admission.linkId ? (domain.links.get(admission.linkId) ?? null) : null;
  if (!domain.presence.hasRoom(linkScope(link?.id ?? null, output.id), `v:${viewerId}`, link?.maxViewers ?? null)) {
    return refuse('full');
  }
  const feed = domain.feedOf(output);
  answer(200, {
    ok: true,
    title: output.title,
    feed: feed.state,
    liveTitle: feed.liveTitle,
    viewers: domain.presence.countOutput(output.id),
    playlist: `/o/${encodeURIComponent(output.slug)}/live.m3u8?t=${encodeURIComponent(domain.playToken(output.id, link, viewerId))}`,
  });
}
