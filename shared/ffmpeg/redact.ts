import { MASK, maskSecret } from '../format/mask';
import { CREDENTIAL_QUERY_PARAMS } from '../format/url-credentials';

/**
 * Hide secrets in text that leaves the engine (logs, stderr tails, errors, events): stream keys
 * in RTMP/SRT URLs, passwords in URLs (user:pass@, Xtream paths, password= parameters), and any
 * secret the caller knows by value. Idempotent: redacting twice gives the same text.
 */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of [...knownSecrets].sort((a, b) => b.length - a.length)) {
    if (secret.length < 4) continue; // too short to search for without masking ordinary words
    out = replaceAll(out, secret, maskSecret(secret));
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = replaceAll(out, encoded, maskSecret(secret));
  }
  out = out.replace(USERINFO, (_m, scheme: string, user: string) => `${scheme}${user}:${MASK}@`);
  out = out.replace(STREAM_URL, (_m, base: string, rest: string) => base + maskStreamPath(rest));
  out = out.replace(XTREAM_PATH, (_m, prefix: string, user: string) => `${prefix}${user}/${MASK}/`);
  out = out.replace(XTREAM_SHORT, (_m, prefix: string, user: string, id: string) => `${prefix}${user}/${MASK}/${id}`);
  out = out.replace(SECRET_PARAM, (_m, name: string) => `${name}${MASK}`);
  return out;
}

/** Characters that end a URL inside a log line. */
const END = `\\s'"<>\``;

/**
 * `scheme://user:password@host` → the password, up to the LAST `@` of the authority as FFmpeg
 * splits it (a password may hold an unencoded `@`).
 */
const USERINFO = new RegExp(`\\b([a-z][a-z0-9+.-]*://)([^${END}/:@]+):[^${END}/?#]+@`, 'gi');

/**
 * RTMP family (key in the path after the application name, or in the query) and SRT/RIST (key or
 * passphrase in the query). Group 1 keeps scheme, host and, for RTMP, the application.
 */
const STREAM_URL = new RegExp(
  `\\b((?:rtmp[a-z]{0,2})://[^${END}/?]+(?:/[^${END}/?]*)?|(?:srt|rist)://[^${END}/?]+/?)([^${END}]*)`,
  'gi',
);

/** Xtream Codes stream paths: /live|movie|series|timeshift/<user>/<password>/… */
const XTREAM_PATH = new RegExp(`(\\bhttps?://[^${END}/]+/(?:live|movie|series|timeshift)/)([^${END}/]+)/[^${END}/]+/`, 'gi');

/** Xtream's short form: http://host:port/<user>/<password>/<streamId>[.ext] */
const XTREAM_SHORT = new RegExp(
  `(\\bhttps?://[^${END}/]+/)([^${END}/?]+)/[^${END}/?]+/(\\d+(?:\\.[a-z0-9]{1,5})?)(?=[${END}?]|$)`,
  'gi',
);

/**
 * Sensitive query parameters in any URL or form body. User names stay readable in logs (the
 * engine's own stored ones are redacted by value, as known secrets).
 */
const LOGGED_SECRET_PARAMS = CREDENTIAL_QUERY_PARAMS.filter((name) => name !== 'user' && name !== 'username');
const SECRET_PARAM = new RegExp(`((?:^|[?&;\\s])(?:${LOGGED_SECRET_PARAMS.join('|')})=)(?!${MASK})[^&;#${END}]+`, 'gi');

/** Trailing punctuation of a sentence (`…/KEY: Input/output error`) is not part of the key. */
const TRAILING_PUNCTUATION = /[:,.;)\]]+$/;

/**
 * `/KEY`, `/KEY?x=1&a=SECRET`, `?backup=1/KEY`: every path segment is a key (masked as
 * `••••wxyz`), query names stay, query values longer than 3 characters are masked
 * (short flags such as `backup=1` stay readable).
 */
function maskStreamPath(rest: string): string {
  const tail = TRAILING_PUNCTUATION.exec(rest)?.[0] ?? '';
  const body = rest.slice(0, rest.length - tail.length);
  const masked = body.replace(/([/?&=;])([^/?&=;]*)/g, (_m, sep: string, token: string) => {
    if (token === '') return sep;
    if (sep === '/') return sep + maskSecret(token);
    if (sep === '=') return sep + (token.length > 3 ? maskSecret(token) : token);
    return sep + token; // a query parameter name
  });
  return masked + tail;
}

function replaceAll(haystack: string, needle: string, replacement: string): string {
  return haystack.split(needle).join(replacement);
}
