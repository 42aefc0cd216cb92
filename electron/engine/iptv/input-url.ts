/**
 * TEMPORARY — to be replaced by the product's shared input-protocol allow-list
 * (shared/ffmpeg/input-protocols.ts, being written on another branch). Keep every caller going
 * through `checkStreamUrl` / `checkFetchUrl` so the swap is one import.
 *
 * What a playlist may name as a channel's stream: the protocols FFmpeg reads over the network
 * that the product supports. Never `file:`, `concat:`, `subfile:`, `pipe:` and the like, which
 * would make FFmpeg read the engine's own disk on a playlist's say-so.
 */
const STREAM_PROTOCOLS = new Set(['http', 'https', 'rtmp', 'rtmps', 'srt', 'rtsp', 'udp']);
/** What the engine itself downloads (playlists, EPGs, Xtream API calls). */
const FETCH_PROTOCOLS = new Set(['http', 'https']);

export type UrlCheck = { ok: true } | { ok: false; reason: string };

/** A channel's stream URL from a playlist. Reasons never repeat the URL (it may hold credentials). */
export function checkStreamUrl(raw: string): UrlCheck {
  return check(raw, STREAM_PROTOCOLS);
}

/** A URL the engine fetches itself. */
export function checkFetchUrl(raw: string): UrlCheck {
  return check(raw, FETCH_PROTOCOLS);
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** scheme://[userinfo@]host… — matched by hand: a playlist has 100,000 of these to check. */
const SHAPE = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?(?:[^/?#@:[\]]+|\[[0-9a-f:.]+\])(?::\d{1,5})?(?:[/?#]|$)/i;
/** Control characters and spaces could smuggle a second argument or header into FFmpeg. */
const FORBIDDEN_CHARS = /[\p{Cc}\p{Zs}]/u;

function check(raw: string, allowed: ReadonlySet<string>): UrlCheck {
  if (FORBIDDEN_CHARS.test(raw)) return { ok: false, reason: 'the address contains spaces or control characters' };
  const scheme = SCHEME.exec(raw)?.[1]?.toLowerCase();
  if (scheme === undefined) return { ok: false, reason: 'not a URL (no scheme://)' };
  if (!allowed.has(scheme))
    return { ok: false, reason: `the ${scheme}: protocol is not allowed (use ${[...allowed].join(', ')})` };
  if (!SHAPE.test(raw)) return { ok: false, reason: 'not a valid URL with a host' };
  return { ok: true };
}
