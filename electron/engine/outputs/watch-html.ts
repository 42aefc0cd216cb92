import { WATCH_TEXT, type Refusal, type WatchConfig, type WatchLanguage } from '@shared/outputs/watch-text';
import type { WatchAssets } from './watch-assets';

export const ASSETS_PATH = 'watch-assets';

/**
 * The page's only sources are its own script and style; hls.js feeds the video through a blob
 * URL and transmuxes in a blob worker. Nothing may frame it; forms and <base> are pointless.
 */
export const WATCH_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** JSON inside a <script> element: `<` escaped so no value can close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function head(title: string, language: WatchLanguage, assets: WatchAssets): string {
  return [
    '<!doctype html>',
    `<html lang="${language}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="robots" content="noindex">',
    `<title>${html(title)}</title>`,
    `<link rel="stylesheet" href="/${ASSETS_PATH}/${assets.style.name}">`,
  ].join('\n');
}

/**
 * The watch page: the player, the title and state, and an empty side panel that other modules
 * (the chat, issue 15) mount into (`registerPanel` in the page's script). Drawn in the viewer's
 * language before the script runs, so it reads right even while the script loads.
 */
export function renderWatchPage(config: WatchConfig, assets: WatchAssets): string {
  const text = WATCH_TEXT[config.language];
  const status = config.feed === 'live' ? text.live : text.slate;
  return [
    head(config.title, config.language, assets),
    `<script type="application/json" id="watch-config">${scriptJson(config)}</script>`,
    `<script src="/${ASSETS_PATH}/${assets.script.name}" defer></script>`,
    '</head>',
    '<body>',
    '<main class="watch" id="watch">',
    '<section class="stage">',
    '<div class="player">',
    '<video id="video" controls playsinline autoplay muted></video>',
    `<div class="overlay" id="overlay" role="status">${html(text.connecting)}</div>`,
    '</div>',
    '<header class="info">',
    `<h1 id="title">${html(config.title)}</h1>`,
    `<p class="status"><span id="badge" class="badge" data-feed="${config.feed}">${html(status)}</span>`,
    `<span id="live-title" class="live-title">${html(config.liveTitle ?? '')}</span>`,
    '<span id="viewers" class="viewers"></span></p>',
    '</header>',
    '</section>',
    '<aside class="side" id="side" hidden></aside>',
    '</main>',
    `<noscript><p class="notice">${html(text.unsupported)}</p></noscript>`,
    '</body>',
    '</html>',
  ].join('\n');
}

/** What a person sees when a link does not work: why, in their language, and nothing else. */
export function renderRefusalPage(refusal: Refusal, language: WatchLanguage, assets: WatchAssets | null): string {
  const text = WATCH_TEXT[language];
  const style = assets
    ? head(text.refusedTitle, language, assets)
    : head(text.refusedTitle, language, NO_ASSETS).replace(/<link[^>]*>/, '');
  return [
    style,
    '</head>',
    '<body>',
    '<main class="refused">',
    `<h1>${html(refusal === 'notFound' ? text.refusal.notFound : text.refusedTitle)}</h1>`,
    `<p id="refusal" data-refusal="${refusal}">${html(text.refusal[refusal])}</p>`,
    '</main>',
    '</body>',
    '</html>',
  ].join('\n');
}

const NO_ASSETS: WatchAssets = {
  script: { name: '', type: '', body: Buffer.alloc(0) },
  style: { name: '', type: '', body: Buffer.alloc(0) },
};
