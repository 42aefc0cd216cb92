import type { LoopPolicy } from '../contract/live-fields';
import { hasControlCharacter } from '../format/control-characters';
import { checkInputUrl, protocolWhitelistArgs } from './input-protocols';
import type { ProbeResult } from './probe-result';

/** How many times a file or a playlist plays: once, N times in total, or until stopped (the contract's type). */
export type { LoopPolicy };

/** A subtitle track burnt into the picture: its rank among the file's subtitle tracks, and its kind. */
export interface BurnIn {
  position: number;
  /** `text` goes through libass (`subtitles` filter), `image` (PGS, DVD) is overlaid. */
  kind: 'text' | 'image';
}

export type SourceSpec =
  /**
   * A local file, paced at real time (`-re`). `audioTrack`: the rank of the audio track to play
   * (`0:a:N`, chosen by language); `burnIn`: a subtitle track drawn into the picture.
   */
  | { kind: 'file'; path: string; loop: LoopPolicy; audioTrack?: number | undefined; burnIn?: BurnIn | undefined }
  /** An ffconcat list written by the caller (`file '…'` lines); the whole list loops. */
  | { kind: 'playlist'; listPath: string; loop: LoopPolicy; audioTrack?: number | undefined }
  /**
   * A network source: HLS or HTTP-TS (http/https), RTMP(S) or SRT (the allow-list in
   * input-protocols.ts; anything else throws). Live URLs are already paced;
   * set `paced` for on-demand files served over HTTP (IPTV movies) so they are not sent faster
   * than real time. `headers` (lower-case names) go with every HTTP request, the playlist's and
   * the segments' (an IPTV channel's User-Agent, Referer, Cookie…).
   */
  | { kind: 'url'; url: string; paced?: boolean; headers?: Readonly<Record<string, string>> }
  /** The built-in demo: colour bars with a moving clock and a 440 Hz tone. */
  | { kind: 'testPattern'; width?: number; height?: number; fps?: number; toneHz?: number };

/** What a network player sends; some IPTV panels refuse FFmpeg's default `Lavf/…`. */
export const SOURCE_USER_AGENT = 'VLC/3.0.20 LibVLC/3.0.20';

/** Input-side options for HTTP sources: they must come BEFORE `-i` (the seed put them after). */
export const HTTP_RECONNECT_ARGS: readonly string[] = [
  '-reconnect',
  '1',
  '-reconnect_streamed',
  '1',
  '-reconnect_delay_max',
  '5',
  '-reconnect_on_network_error',
  '1',
];

export class SourceArgsError extends Error {
  override readonly name = 'SourceArgsError';
}

const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/**
 * The HTTP input options that carry request headers, BEFORE `-i` (FFmpeg's HLS demuxer passes
 * them on to every playlist and segment request): `user-agent` and `referer` as their own
 * options, any other header in `-headers` (CRLF-terminated lines). A name outside the token
 * characters or a value with a line break would smuggle a header or a request line: refused.
 */
export function httpHeaderArgs(headers: Readonly<Record<string, string>> = {}): string[] {
  let userAgent = SOURCE_USER_AGENT;
  const args: string[] = [];
  let extra = '';
  for (const [rawName, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(rawName)) throw new SourceArgsError('A source request header has an invalid name.');
    if (hasControlCharacter(value))
      throw new SourceArgsError(`The source request header ${rawName} contains a control character.`);
    const name = rawName.toLowerCase();
    if (name === 'user-agent') userAgent = value;
    else if (name === 'referer') args.push('-referer', value);
    else extra += `${rawName}: ${value}\r\n`;
  }
  return ['-user_agent', userAgent, ...args, ...(extra ? ['-headers', extra] : [])];
}

/** `-stream_loop` value: plays in total minus one; -1 forever; nothing for once. */
export function streamLoopArgs(loop: LoopPolicy): string[] {
  if (loop.kind === 'once') return [];
  if (loop.kind === 'forever') return ['-stream_loop', '-1'];
  if (!Number.isInteger(loop.count) || loop.count < 1) {
    throw new SourceArgsError(`Loop count must be a whole number of at least 1 (got ${loop.count}).`);
  }
  return loop.count === 1 ? [] : ['-stream_loop', String(loop.count - 1)];
}

/** The first audio track if there is one; a chosen track must exist (its language was checked). */
function audioMapOf(track: number | undefined): string {
  if (track === undefined) return '0:a:0?';
  if (!Number.isInteger(track) || track < 0) throw new SourceArgsError(`An audio track is a rank from 0 (got ${track}).`);
  return `0:a:${track}`;
}

const TEST_PATTERN_DEFAULTS = { width: 640, height: 360, fps: 30, toneHz: 440 };

/** Everything up to and including the `-i`s, plus the `-map`s picking one video and one audio. */
export function buildSourceInputArgs(source: SourceSpec): { inputArgs: string[]; videoMap: string; audioMap: string } {
  switch (source.kind) {
    case 'file':
      return {
        inputArgs: ['-re', ...streamLoopArgs(source.loop), ...protocolWhitelistArgs('file'), '-i', source.path],
        videoMap: '0:v:0?',
        audioMap: audioMapOf(source.audioTrack),
      };
    case 'playlist':
      return {
        inputArgs: [
          '-re',
          ...streamLoopArgs(source.loop),
          ...protocolWhitelistArgs('file'),
          ...['-f', 'concat', '-safe', '0', '-i', source.listPath],
        ],
        videoMap: '0:v:0?',
        audioMap: audioMapOf(source.audioTrack),
      };
    case 'url': {
      // Defence in depth: the contract already refused it, but nothing reaches `-i` unchecked.
      const check = checkInputUrl(source.url);
      if (!check.ok) throw new SourceArgsError(check.reason);
      const family = check.family;
      const pacing = source.paced ? ['-re'] : [];
      const network = family === 'http' ? [...httpHeaderArgs(source.headers), ...HTTP_RECONNECT_ARGS] : [];
      return {
        inputArgs: [...pacing, ...network, ...protocolWhitelistArgs(family), '-i', source.url],
        videoMap: '0:v:0?',
        audioMap: '0:a:0?',
      };
    }
    case 'testPattern': {
      const { width, height, fps, toneHz } = { ...TEST_PATTERN_DEFAULTS, ...definedOnly(source) };
      return {
        inputArgs: [
          '-re',
          '-f',
          'lavfi',
          '-i',
          `testsrc2=size=${width}x${height}:rate=${fps}`,
          '-re',
          '-f',
          'lavfi',
          '-i',
          `sine=frequency=${toneHz}:sample_rate=48000`,
        ],
        videoMap: '0:v:0',
        audioMap: '1:a:0',
      };
    }
  }
}

/**
 * The ffconcat list for a playlist source (the caller writes it to a file and passes its path):
 * the only writer of such lists. Each path is one single-quoted token: inside quotes ffconcat takes
 * every character literally (backslashes included), and a quote is closed, escaped and reopened
 * (`'` → `'\\''`). A path with a control character is refused: a line break would smuggle a
 * directive (`file file:/etc/passwd`) into the list.
 */
export function buildConcatList(paths: readonly string[]): string {
  if (!paths.length) throw new SourceArgsError('A playlist needs at least one file.');
  const lines = ['ffconcat version 1.0'];
  for (const path of paths) {
    if (hasControlCharacter(path))
      throw new SourceArgsError('A playlist file path contains a control character (a line break, a tab, NUL…).');
    lines.push(`file '${path.replace(/'/g, "'\\''")}'`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The ffconcat list of a playlist resumed `atSec` seconds into it: the file playing at that point
 * with an `inpoint` (the concat demuxer's own seek: an input `-ss` on a concat list lands seconds
 * early in FFmpeg 5.1), then the files after it. Past the end: the last file from its end, so
 * FFmpeg finishes at once.
 */
export function buildResumedConcatList(paths: readonly string[], durationsSec: readonly number[], atSec: number): string {
  if (paths.length !== durationsSec.length) throw new SourceArgsError('Every playlist file needs its duration.');
  let start = 0;
  for (let i = 0; i < paths.length; i += 1) {
    const duration = durationsSec[i] ?? 0;
    if (atSec < start + duration || i === paths.length - 1) {
      const inpoint = Math.min(Math.max(0, atSec - start), duration);
      const [first = '', ...rest] = buildConcatList(paths.slice(i)).split('\n').slice(1);
      const lines = ['ffconcat version 1.0', first, ...(inpoint > 0 ? [`inpoint ${inpoint.toFixed(3)}`] : []), ...rest];
      return lines.join('\n');
    }
    start += duration;
  }
  throw new SourceArgsError('A playlist needs at least one file.');
}

/** The test pattern's streams, known without probing: raw video and PCM, so `auto` encodes both. */
export function testPatternProbe(source: Extract<SourceSpec, { kind: 'testPattern' }>): ProbeResult {
  const { width, height, fps } = { ...TEST_PATTERN_DEFAULTS, ...definedOnly(source) };
  return {
    formatName: 'lavfi',
    durationSec: null,
    bitRate: null,
    video: [{ index: 0, codec: 'rawvideo', profile: null, pixelFormat: 'rgb24', width, height, fps }],
    audio: [{ index: 1, codec: 'pcm_f64le', profile: null, channels: 1, sampleRate: 48000 }],
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
