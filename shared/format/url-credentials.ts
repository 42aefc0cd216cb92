import { MASK } from './mask';

/**
 * Passwords inside URLs (`rtmp://user:pass@host/app`, `http://user:pass@iptv…`) are secrets like
 * stream keys: the engine keeps them in the SecretStore, stores and shows the URL with the
 * password replaced by the mask (`rtmp://user:••••@host/app`), and puts the password back only
 * when it builds FFmpeg's arguments. Sending back a URL whose password is the mask keeps the
 * stored one, as omitting a stream key does.
 *
 * The userinfo is found as FFmpeg finds it (av_url_split): in the authority (up to the first
 * `/`, `?` or `#` after `scheme://`), before its LAST `@`; the password is what follows the first
 * `:` of the userinfo. Text is kept exactly as typed (percent-encoding included).
 */
interface UrlParts {
  /** `scheme://` */
  readonly scheme: string;
  /** `user` (may be empty), or null without userinfo. */
  readonly user: string | null;
  /** The password as typed, or null when the userinfo has no `:`. */
  readonly password: string | null;
  /** `host:port` and everything after it. */
  readonly rest: string;
}

function partsOf(url: string): UrlParts | null {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0];
  if (!scheme) return null;
  const afterScheme = url.slice(scheme.length);
  const authorityEnd = afterScheme.search(/[/?#]/);
  const authority = authorityEnd === -1 ? afterScheme : afterScheme.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at === -1) return { scheme, user: null, password: null, rest: afterScheme };
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  return {
    scheme,
    user: colon === -1 ? userinfo : userinfo.slice(0, colon),
    password: colon === -1 ? null : userinfo.slice(colon + 1),
    rest: afterScheme.slice(at + 1),
  };
}

function join(parts: UrlParts, password: string | null): string {
  if (parts.user === null) return `${parts.scheme}${parts.rest}`;
  const userinfo = password === null ? parts.user : `${parts.user}:${password}`;
  return `${parts.scheme}${userinfo}@${parts.rest}`;
}

export type UrlPasswordSplit =
  /** No password in the URL (or an empty one): nothing to keep secret. */
  | { kind: 'none'; url: string }
  /** A password typed in clear: `url` has it masked, `password` is the secret. */
  | { kind: 'new'; url: string; password: string }
  /** The password is the mask: keep the one stored for this URL. */
  | { kind: 'masked'; url: string };

/** Take the password out of a URL as a client sent it. */
export function splitUrlPassword(url: string): UrlPasswordSplit {
  const parts = partsOf(url);
  if (!parts || parts.password === null || parts.password === '') return { kind: 'none', url };
  if (parts.password === MASK) return { kind: 'masked', url };
  return { kind: 'new', url: join(parts, MASK), password: parts.password };
}

/** Whether the URL's password is the mask (a stored password stands behind it). */
export function hasMaskedPassword(url: string): boolean {
  return splitUrlPassword(url).kind === 'masked';
}

/**
 * The stored URL with its password put back, for FFmpeg's arguments only. A URL without a
 * masked password is returned as it is.
 */
export function revealUrlPassword(maskedUrl: string, password: string): string {
  const parts = partsOf(maskedUrl);
  if (!parts || parts.password !== MASK) return maskedUrl;
  return join(parts, password);
}

/**
 * What a stored password belongs to: scheme, user, host and port. A masked password is kept only
 * for the same scope, so changing the server of a URL cannot send the old password to the new one.
 */
export function credentialScope(url: string): string {
  const parts = partsOf(url);
  if (!parts) return url;
  const end = parts.rest.search(/[/?#]/);
  const hostPort = end === -1 ? parts.rest : parts.rest.slice(0, end);
  return `${parts.scheme.toLowerCase()}${parts.user ?? ''}@${hostPort.toLowerCase()}`;
}
