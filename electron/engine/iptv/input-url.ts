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

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** A channel's stream URL from a playlist. Reasons never repeat the URL (it may hold credentials). */
export function checkStreamUrl(raw: string): UrlCheck {
  return check(raw, STREAM_PROTOCOLS);
}

/** A URL the engine fetches itself. */
export function checkFetchUrl(raw: string): UrlCheck {
  return check(raw, FETCH_PROTOCOLS);
}

function check(raw: string, allowed: ReadonlySet<string>): UrlCheck {
  // Control characters and spaces could smuggle a second argument or header into FFmpeg.
  if ([...raw].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f))
    return { ok: false, reason: 'the address contains spaces or control characters' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  const protocol = url.protocol.slice(0, -1).toLowerCase();
  if (!allowed.has(protocol)) {
    return { ok: false, reason: `the ${protocol}: protocol is not allowed (use ${[...allowed].join(', ')})` };
  }
  if (url.hostname === '') return { ok: false, reason: 'the address names no host' };
  return { ok: true, url };
}
