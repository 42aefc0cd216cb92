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

/** A last path segment of unreserved characters and escapes: nothing in it matters to the check. */
const PLAIN_SEGMENT = /^[A-Za-z0-9._~%-]*$/;
const MAX_PREFIXES = 10_000;

/**
 * One of the checks above, remembered by address prefix for a playlist's 100,000 URLs:
 * `http://host/live/u/p/1.ts` and `…/2.ts` differ only in a last segment of plain characters,
 * which no part of the check reads (scheme and host come before it, options after a `?`, and it
 * holds no control character, space or backslash), so they get the same answer.
 */
export class RememberedUrlChecks {
  readonly #check: (raw: string) => UrlCheck;
  readonly #byPrefix = new Map<string, UrlCheck>();

  constructor(check: (raw: string) => UrlCheck) {
    this.#check = check;
  }

  check(raw: string): UrlCheck {
    const slash = raw.lastIndexOf('/');
    const authority = raw.indexOf('://');
    // Only past the host's own slash, and never with a query or fragment in the prefix.
    if (authority === -1 || slash <= authority + 2 || !PLAIN_SEGMENT.test(raw.slice(slash + 1))) return this.#check(raw);
    const prefix = raw.slice(0, slash + 1);
    const known = this.#byPrefix.get(prefix);
    if (known) return known;
    const result = this.#check(raw);
    if (!prefix.includes('?') && !prefix.includes('#') && this.#byPrefix.size < MAX_PREFIXES) this.#byPrefix.set(prefix, result);
    return result;
  }
}
