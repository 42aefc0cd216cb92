import { checkInputUrl, type InputUrlScheme } from '@shared/ffmpeg/input-protocols';

/**
 * What a playlist may name as a channel's stream, and what the engine fetches itself, both by the
 * product's one input allow-list (shared/ffmpeg/input-protocols.ts): never `file:`, `concat:`,
 * `pipe:`, `udp://` and the like, which would make FFmpeg read the engine's own disk or listen on
 * a port on a playlist's say-so. Reasons never repeat the URL (it may hold credentials).
 */
export type UrlCheck = { ok: true } | { ok: false; reason: string };

/** What the engine itself downloads (playlists, EPGs, Xtream API calls). */
const FETCH_SCHEMES: readonly InputUrlScheme[] = ['http', 'https'];

/** A channel's stream URL from a playlist. */
export function checkStreamUrl(raw: string): UrlCheck {
  return toUrlCheck(checkInputUrl(raw));
}

/** A URL the engine fetches itself. */
export function checkFetchUrl(raw: string): UrlCheck {
  return toUrlCheck(checkInputUrl(raw, FETCH_SCHEMES));
}

function toUrlCheck(check: ReturnType<typeof checkInputUrl>): UrlCheck {
  // The shared reasons are sentences; here they are quoted inside a longer one.
  return check.ok ? { ok: true } : { ok: false, reason: lowerFirst(check.reason.replace(/\.$/, '')) };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
