import { redactSecrets } from '@shared/ffmpeg/redact';
import { checkFetchUrl, type UrlCheck } from '../input-url';

const LOGO_MAX = 2048;

/**
 * A logo the renderer may load as it is: http(s), not too long, and carrying no credential
 * (a logo served with the account's token would hand the token to every screen showing it).
 * `check`: checkFetchUrl, or a RememberedUrlChecks of it for a whole playlist.
 */
export function publicLogo(url: string | null, check: (raw: string) => UrlCheck = checkFetchUrl): string | null {
  if (url === null || url.length > LOGO_MAX || !check(url).ok) return null;
  // Most logos are plain paths: only run the redactor on those that could carry a secret.
  if (!/[?@;]|\/(?:live|movie|series|timeshift)\//.test(url)) return url;
  return redactSecrets(url) === url ? url : null;
}

/** How a player should open a stream, from its address: HLS playlists or MPEG-TS. */
export function streamFormat(url: string): 'hls' | 'ts' | 'unknown' {
  let end = url.length;
  for (const stop of ['?', '#', '|']) {
    const at = url.indexOf(stop);
    if (at !== -1 && at < end) end = at;
  }
  const path = url.slice(Math.max(0, end - 8), end).toLowerCase();
  if (path.endsWith('.m3u8') || path.endsWith('.m3u')) return 'hls';
  if (path.endsWith('.ts') || path.endsWith('.mpegts')) return 'ts';
  return 'unknown';
}
