import { describe, expect, it } from 'vitest';
import { checkInput, checkInputUrl, PROTOCOL_WHITELIST, protocolWhitelistArgs } from './input-protocols';
import { buildSourceInputArgs, SourceArgsError } from './source-args';

/** What an attacker typed as a source URL in the attack on the agent, and a few cousins. */
const HOSTILE_URLS = [
  'tcp://127.0.0.1:22',
  'file:/etc/hostname',
  'file:///etc/hostname',
  'concat:/etc/hostname|/etc/passwd',
  'subfile,,start,0,end,100,,:/etc/hostname',
  'data:text/plain;base64,aGVsbG8=',
  'pipe:0',
  '-f lavfi -i testsrc',
  '-protocol_whitelist',
  'udp://0.0.0.0:1234',
  'rtsp://camera.local/stream',
  'crypto+http://example.com/x.ts',
  'hls+http://example.com/x.m3u8',
  'async:http://example.com/x.ts',
  'HTTP://example.com/x.ts', // FFmpeg reads schemes case-sensitively: not its http
  'http://',
  'http:///no-host',
  'srt://:9000',
  '/etc/hostname',
  'example.com/x.ts',
  '',
];

const LISTENING_URLS = [
  'srt://0.0.0.0:9000?mode=listener',
  'srt://ingest.example.com:9000?mode=rendezvous',
  'srt://ingest.example.com:9000?latency=200&MODE=Listener',
  'srt://ingest.example.com:9000?%6dode=listener',
  'srt://ingest.example.com:9000?mode=',
  'rtmp://origin.example.com/live/feed?listen=1',
  'http://example.com/x.ts?listen',
  'rtmp://origin.example.com/live?listen_timeout=10',
];

describe('checkInputUrl: the one allow-list of source URLs', () => {
  it('accepts http, https, rtmp, rtmps and srt (caller) URLs that name a host', () => {
    for (const [url, family] of [
      ['http://iptv.example.com:8080/live/u/p/1.ts', 'http'],
      ['https://cdn.example.com/ch1/index.m3u8', 'http'],
      ['rtmp://origin.example.com/live/feed', 'rtmp'],
      ['rtmps://origin.example.com:443/live/feed', 'rtmp'],
      ['srt://origin.example.com:9000', 'srt'],
      ['srt://origin.example.com:9000?mode=caller&latency=200', 'srt'],
      ['http://user:p%40ss@example.com/x.ts', 'http'],
      ['http://[::1]:8080/x.ts', 'http'],
      ['http://127.0.0.1/x.ts', 'http'],
    ] as const) {
      expect(checkInputUrl(url), url).toMatchObject({ ok: true, family });
    }
  });

  it('refuses every other protocol, option-looking strings and hostless URLs', () => {
    for (const url of HOSTILE_URLS) {
      const check = checkInputUrl(url);
      expect(check.ok, url).toBe(false);
      if (!check.ok && url.length > 10) expect(check.reason).not.toContain(url);
    }
  });

  it('refuses anything that would make the input listen (SRT listener/rendezvous, listen options)', () => {
    for (const url of LISTENING_URLS) {
      expect(checkInputUrl(url), url).toMatchObject({ ok: false, problem: 'listens' });
    }
  });

  it('refuses control characters, spaces and backslashes (FFmpeg and URL parsers disagree on them)', () => {
    for (const url of [
      'http://example.com/a\r\nX-Injected: 1',
      'http://example.com/a\u0000b',
      'http://example.com/a b',
      'http://evil.example\\@127.0.0.1/x.ts',
    ]) {
      expect(checkInputUrl(url).ok, JSON.stringify(url)).toBe(false);
    }
  });

  it('restricts to the schemes of a format when asked', () => {
    expect(checkInputUrl('rtmp://h/app', ['http', 'https'])).toMatchObject({ ok: false, problem: 'scheme' });
    expect(checkInputUrl('https://h/x.m3u8', ['http', 'https'])).toMatchObject({ ok: true });
  });
});

describe('checkInput: what ffprobe may be given', () => {
  it('an absolute local path is a file input; URLs follow the allow-list; the rest is refused', () => {
    expect(checkInput('/videos/show.mp4')).toEqual({ ok: true, family: 'file' });
    expect(checkInput('C:\\videos\\show.mp4')).toEqual({ ok: true, family: 'file' });
    expect(checkInput('https://cdn.example.com/x.m3u8')).toMatchObject({ ok: true, family: 'http' });
    for (const input of [...HOSTILE_URLS.filter((u) => u !== '/etc/hostname'), '/videos/a\nb.mp4', 'videos/show.mp4']) {
      expect(checkInput(input).ok, input).toBe(false);
    }
  });
});

describe('the argument builders enforce the allow-list again (defence in depth)', () => {
  it('buildSourceInputArgs throws on every refused URL, before anything reaches -i', () => {
    for (const url of [...HOSTILE_URLS, ...LISTENING_URLS]) {
      expect(() => buildSourceInputArgs({ kind: 'url', url }), url).toThrow(SourceArgsError);
    }
  });

  it('gives FFmpeg a -protocol_whitelist matching the source, right before -i', () => {
    const cases = [
      [{ kind: 'url', url: 'https://cdn.example.com/x.m3u8' }, 'http,https,tcp,tls,crypto'],
      [{ kind: 'url', url: 'rtmps://origin.example.com/live/feed' }, 'rtmp,rtmps,tcp,tls'],
      [{ kind: 'url', url: 'srt://origin.example.com:9000' }, 'srt'],
      [{ kind: 'file', path: '/v/a.mp4', loop: { kind: 'once' } }, 'file'],
      [{ kind: 'playlist', listPath: '/d/l.ffconcat', loop: { kind: 'forever' } }, 'file'],
    ] as const;
    for (const [source, whitelist] of cases) {
      const { inputArgs } = buildSourceInputArgs(source);
      const at = inputArgs.indexOf('-protocol_whitelist');
      expect(inputArgs[at + 1]).toBe(whitelist);
      expect(at).toBeLessThan(inputArgs.indexOf('-i'));
    }
    expect(protocolWhitelistArgs('file')).toEqual(['-protocol_whitelist', 'file']);
    // No network family may read local files, and local sources may not reach the network.
    for (const family of ['http', 'rtmp', 'srt'] as const) expect(PROTOCOL_WHITELIST[family].split(',')).not.toContain('file');
    expect(PROTOCOL_WHITELIST.file).toBe('file');
  });
});
