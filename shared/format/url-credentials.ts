import { MASK } from './mask';

/**
 * Credentials inside URLs are secrets like stream keys: the user name and password of
 * `rtmp://user:pass@host/app`, query tokens (`?token=…`, `key=`, `auth=`, `password=`, SRT's
 * `passphrase=` and `streamid=`…) and Xtream's `/live/<user>/<pass>/` path. The engine keeps
 * them in the SecretStore (one secret per URL, holding every part), stores and shows the URL with
 * each part replaced by the mask (`rtmp://••••:••••@host/app?token=••••`), and puts them back
 * only when it builds FFmpeg's arguments. Sending back a URL with a part still masked keeps the
 * stored value of that part, as omitting a stream key does.
 *
 * The userinfo is found as FFmpeg finds it (av_url_split): in the authority (up to the first
 * `/`, `?` or `#` after `scheme://`), before its LAST `@`; the password is what follows the first
 * `:` of the userinfo. Text is kept exactly as typed (percent-encoding included).
 */

/**
 * Query parameters whose value is a credential (compared without case): the one list for stored
 * URLs, IPTV channel templates and log redaction.
 */
export const CREDENTIAL_QUERY_PARAMS: readonly string[] = [
  'username',
  'user',
  'password',
  'passwd',
  'pass',
  'pwd',
  'passphrase',
  'streamid',
  'token',
  'access_token',
  'auth',
  'key',
  'api_key',
  'apikey',
  'secret',
  'sig',
  'signature',
];

/** Xtream Codes stream paths: `/live/<user>/<pass>/<id>.ts` (and movie, series, timeshift). */
const XTREAM_PATH = /^\/(?:live|movie|series|timeshift)\/([^/?#]+)\/([^/?#]+)\//i;
/** Xtream's short form on HTTP: `/<user>/<pass>/<id>[.ext]`. */
const XTREAM_SHORT = /^\/([^/?#]+)\/([^/?#]+)\/\d+(?:\.[a-z0-9]{1,5})?$/i;

/** Where one credential part sits in a URL: `name` says which part (stable across edits). */
interface CredentialSlot {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

interface Authority {
  readonly scheme: string;
  /** Index where the authority starts (after `scheme://`) and ends (first `/`, `?`, `#`). */
  readonly start: number;
  readonly end: number;
  /** Index of the userinfo's last `@` in the URL, or -1. */
  readonly at: number;
}

function authorityOf(url: string): Authority | null {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0];
  if (!scheme) return null;
  const start = scheme.length;
  const found = url.slice(start).search(/[/?#]/);
  const end = found === -1 ? url.length : start + found;
  const at = url.slice(start, end).lastIndexOf('@');
  return { scheme, start, end, at: at === -1 ? -1 : start + at };
}

function slotsOf(url: string): CredentialSlot[] {
  const authority = authorityOf(url);
  if (!authority) return [];
  const slots: CredentialSlot[] = [];
  const { start, end, at } = authority;
  if (at !== -1) {
    const colon = url.slice(start, at).indexOf(':');
    if (colon === -1) slots.push({ name: 'user', start, end: at });
    else {
      slots.push({ name: 'user', start, end: start + colon });
      slots.push({ name: 'password', start: start + colon + 1, end: at });
    }
  }
  // SRT reads its whole query as options (a streamid often starts `#!::`): no fragment there.
  const hash = /^srt:/i.test(url) ? -1 : url.indexOf('#', end);
  const tailEnd = hash === -1 ? url.length : hash;
  const question = url.indexOf('?', end);
  const pathEnd = question === -1 || question > tailEnd ? tailEnd : question;
  const path = url.slice(end, pathEnd);
  const long = XTREAM_PATH.exec(path);
  const xtream = long ?? (/^https?:/i.test(url) ? XTREAM_SHORT.exec(path) : null);
  if (xtream?.[1] !== undefined && xtream[2] !== undefined) {
    const userStart = end + (long ? xtream[0].indexOf('/', 1) + 1 : 1);
    const passStart = userStart + xtream[1].length + 1;
    slots.push({ name: 'path:user', start: userStart, end: userStart + xtream[1].length });
    slots.push({ name: 'path:password', start: passStart, end: passStart + xtream[2].length });
  }
  if (question !== -1 && question < tailEnd) {
    const seen = new Map<string, number>();
    let offset = question + 1;
    for (const pair of url.slice(question + 1, tailEnd).split('&')) {
      const eq = pair.indexOf('=');
      const name = (eq === -1 ? pair : pair.slice(0, eq)).toLowerCase();
      if (eq !== -1 && CREDENTIAL_QUERY_PARAMS.includes(name)) {
        const count = seen.get(name) ?? 0;
        seen.set(name, count + 1);
        slots.push({ name: `query:${name}${count === 0 ? '' : `#${count}`}`, start: offset + eq + 1, end: offset + pair.length });
      }
      offset += pair.length + 1;
    }
  }
  // An empty part hides nothing.
  return slots.filter((s) => s.end > s.start);
}

/** `url` with each slot's text replaced by `valueOf(slot, text)`. */
function rewrite(url: string, slots: readonly CredentialSlot[], valueOf: (name: string, text: string) => string): string {
  let out = url;
  for (const slot of [...slots].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, slot.start) + valueOf(slot.name, url.slice(slot.start, slot.end)) + out.slice(slot.end);
  }
  return out;
}

/** A URL as a client sent it, its credentials taken out. */
export interface UrlCredentialSplit {
  /** The URL to store and show: every credential part masked. */
  readonly url: string;
  /** Parts typed in clear, by slot name: the secrets to store. */
  readonly clear: Readonly<Record<string, string>>;
  /** Slots whose text is the mask: their stored value is kept. */
  readonly masked: readonly string[];
}

export function splitUrlCredentials(url: string): UrlCredentialSplit {
  const slots = slotsOf(url);
  const clear: Record<string, string> = {};
  const masked: string[] = [];
  for (const slot of slots) {
    const text = url.slice(slot.start, slot.end);
    if (text === MASK) masked.push(slot.name);
    else clear[slot.name] = text;
  }
  return { url: rewrite(url, slots, () => MASK), clear, masked };
}

/** Whether some credential part of the URL is the mask (a stored value stands behind it). */
export function hasMaskedCredentials(url: string): boolean {
  return splitUrlCredentials(url).masked.length > 0;
}

/** Whether some credential part of the URL is typed in clear. */
export function hasClearCredentials(url: string): boolean {
  return Object.keys(splitUrlCredentials(url).clear).length > 0;
}

/** The text kept in the SecretStore for one URL's credential parts. */
export function encodeUrlSecret(values: Readonly<Record<string, string>>): string {
  return JSON.stringify({ urlCredentials: values });
}

/**
 * The credential parts behind a stored secret. Engines before query tokens and user names were
 * secrets stored the bare password: read as such.
 */
export function decodeUrlSecret(secret: string): Record<string, string> {
  if (secret.startsWith('{')) {
    try {
      const parsed = JSON.parse(secret) as { urlCredentials?: unknown };
      const values = parsed.urlCredentials;
      if (values && typeof values === 'object') {
        return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string'));
      }
    } catch {
      // not ours: a password that starts with `{`
    }
  }
  return { password: secret };
}

/** Every credential value behind a stored secret (to redact from logs and errors). */
export function urlSecretValues(secret: string): string[] {
  return Object.values(decodeUrlSecret(secret));
}

/**
 * The stored URL with its masked parts put back from `secret`, for FFmpeg's arguments only. A
 * part with no stored value stays masked.
 */
export function revealUrlCredentials(maskedUrl: string, secret: string): string {
  const values = decodeUrlSecret(secret);
  return rewrite(maskedUrl, slotsOf(maskedUrl), (name, text) => (text === MASK ? (values[name] ?? text) : text));
}

/**
 * What stored credentials belong to: scheme, user as shown, host and port. Masked parts are kept
 * only for the same scope, so changing the server (or typing another user in front of a masked
 * password) cannot send the old credentials to the new one.
 */
export function credentialScope(url: string): string {
  const authority = authorityOf(url);
  if (!authority) return url;
  const user = authority.at === -1 ? '' : (url.slice(authority.start, authority.at).split(':')[0] ?? '');
  const hostPort = url.slice(authority.at === -1 ? authority.start : authority.at + 1, authority.end);
  return `${authority.scheme.toLowerCase()}${user}@${hostPort.toLowerCase()}`;
}
