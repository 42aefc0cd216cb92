import { sentenceOf } from '../messages/engine-message';
import { hasControlCharacter } from '../format/control-characters';

/**
 * The one allow-list of what a source may make FFmpeg or ffprobe open (see docs/security.md,
 * "What FFmpeg may open"). Every URL-bearing source (a `url` source, an IPTV channel) is checked
 * by the contract and again by the argument builders, and FFmpeg gets the matching
 * `-protocol_whitelist`, so a nested URL (an HLS segment, a playlist entry) cannot reach further.
 *
 * Not allowed: `file:`, `concat:`, `subfile:`, `data:`, `pipe:`, `tcp://`, `udp://`, `rtsp://` and
 * anything else FFmpeg knows. `udp` and `rtsp` are left out on purpose: a UDP input binds a local
 * port (it listens), and RTSP has listen modes and UDP transports that open local ports.
 */
export const INPUT_URL_SCHEMES = ['http', 'https', 'rtmp', 'rtmps', 'srt'] as const;
export type InputUrlScheme = (typeof INPUT_URL_SCHEMES)[number];

/** The schemes each `url` source format of the contract accepts (a subset of the allow-list). */
export const SCHEMES_BY_FORMAT = {
  hls: ['http', 'https'],
  'http-ts': ['http', 'https'],
  rtmp: ['rtmp', 'rtmps'],
  srt: ['srt'],
} as const satisfies Record<string, readonly InputUrlScheme[]>;

/** How FFmpeg reads a source: over HTTP(S) (HLS, HTTP-TS), RTMP(S), SRT, or from local files. */
export type InputFamily = 'http' | 'rtmp' | 'srt' | 'file';

const FAMILY_OF: Record<InputUrlScheme, Exclude<InputFamily, 'file'>> = {
  http: 'http',
  https: 'http',
  rtmp: 'rtmp',
  rtmps: 'rtmp',
  srt: 'srt',
};

/**
 * FFmpeg's `-protocol_whitelist` per family: the source's own protocols plus the ones they nest.
 * HLS over HTTP(S) fetches playlists and segments over http/https (tcp, tls underneath) and
 * decrypts AES-128 segments through `crypto`; RTMPS is RTMP over tls over tcp; libsrt opens its
 * own UDP socket. Local files and playlists get `file` alone, so a local HLS playlist or ffconcat
 * list cannot point FFmpeg at the network, and no network source can read a local file.
 */
export const PROTOCOL_WHITELIST: Readonly<Record<InputFamily, string>> = {
  http: 'http,https,tcp,tls,crypto',
  rtmp: 'rtmp,rtmps,tcp,tls',
  srt: 'srt',
  file: 'file',
};

/**
 * URL options that make an input wait for a peer instead of calling it: an open port on the
 * machine (SRT `mode=listener|rendezvous`, `listen`, `listen_timeout` for the protocols that
 * take options in the URL). Names are matched in any letter case.
 */
const LISTENING_OPTIONS = new Set(['listen', 'listen_timeout']);
const CALLER_MODES = new Set(['caller']);

export type InputUrlCheck =
  | { ok: true; scheme: InputUrlScheme; family: Exclude<InputFamily, 'file'> }
  /** `scheme` covers both a scheme outside the list and a missing host: "must start with … and name a host". */
  | { ok: false; problem: 'characters' | 'scheme' | 'listens'; reason: string };

/** `http:// or https://` */
export function schemeList(schemes: readonly InputUrlScheme[]): string {
  const names = schemes.map((s) => `${s}://`);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}` : (names[0] ?? '');
}

/**
 * Whether FFmpeg may open `url` as a source, with a sentence saying why not (never echoing the
 * URL). The scheme is read the way FFmpeg reads it (the literal prefix, case-sensitive), the host
 * must be named, and nothing may make the input listen.
 */
export function checkInputUrl(url: string, schemes: readonly InputUrlScheme[] = INPUT_URL_SCHEMES): InputUrlCheck {
  if (hasControlCharacter(url)) {
    return { ok: false, problem: 'characters', reason: sentenceOf('fields.urlControl') };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(url)?.[1];
  const allowed = schemes.find((s) => s === scheme);
  if (!allowed || !hasHost(url)) {
    return {
      ok: false,
      problem: 'scheme',
      reason: sentenceOf('fields.urlScheme', { schemes: schemeList(schemes) }),
    };
  }
  // FFmpeg and the WHATWG parser read a backslash differently (a path character vs. a slash).
  if (/[\s\\]/.test(url)) return { ok: false, problem: 'characters', reason: sentenceOf('fields.urlSpace') };
  const listening = listeningOption(url);
  if (listening) {
    return {
      ok: false,
      problem: 'listens',
      reason: sentenceOf('fields.urlListens', { listening }),
    };
  }
  return { ok: true, scheme: allowed, family: FAMILY_OF[allowed] };
}

/** Absolute on every platform: `/videos/a.mp4`, `C:\\videos\\a.mp4`, `\\\\nas\\videos\\a.mp4`. */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

/** Whether `path` is an absolute local path (so FFmpeg reads it with its file protocol, never as a URL). */
export function isAbsoluteLocalPath(path: string): boolean {
  return ABSOLUTE_PATH.test(path);
}

/**
 * What an ffprobe/FFmpeg input string is: an absolute local path (family `file`) or an allowed
 * source URL; anything else (a relative path, `concat:…`, `-x`, a control character) is refused.
 */
export function checkInput(input: string): { ok: true; family: InputFamily } | { ok: false; reason: string } {
  if (isAbsoluteLocalPath(input)) {
    return hasControlCharacter(input) ? { ok: false, reason: sentenceOf('fields.pathControl') } : { ok: true, family: 'file' };
  }
  return checkInputUrl(input);
}

/** `-protocol_whitelist …`, placed before the `-i` it applies to. */
export function protocolWhitelistArgs(family: InputFamily): string[] {
  return ['-protocol_whitelist', PROTOCOL_WHITELIST[family]];
}

/** A host name or IP literal, as FFmpeg's own URL splitter (av_url_split) finds it: not the WHATWG parser's idea. */
const HOST = /^(?:[A-Za-z0-9_-]+\.)*[A-Za-z0-9_-]+$|^\[[0-9A-Fa-f:.]+\]$/;

function hasHost(url: string): boolean {
  const start = url.indexOf('://') + 3;
  let end = start;
  // Up to the first / ? or # (a loop: this runs for every channel of a 100,000-line playlist).
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) break;
    end++;
  }
  const authority = url.slice(start, end);
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  const colon = hostAndPort.indexOf(':');
  const host = hostAndPort.startsWith('[')
    ? hostAndPort.slice(0, hostAndPort.indexOf(']') + 1)
    : colon === -1
      ? hostAndPort
      : hostAndPort.slice(0, colon);
  return HOST.test(host);
}

/** The first option (`mode=listener`, `listen=1`…) in the query that would make FFmpeg listen. */
function listeningOption(url: string): string | null {
  const mark = url.indexOf('?');
  // No query, no option (the common case: an IPTV playlist checks 100,000 URLs per refresh).
  if (mark === -1) return null;
  const query = url.slice(mark + 1);
  for (const pair of query.split('&')) {
    const [rawName = '', ...rest] = pair.split('=');
    const name = safeDecode(rawName).toLowerCase();
    const value = safeDecode(rest.join('=')).toLowerCase();
    if (LISTENING_OPTIONS.has(name)) return `"${name}"`;
    if (name === 'mode' && !CALLER_MODES.has(value)) return `mode=${value.slice(0, 16) || '(empty)'}`;
  }
  return null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
