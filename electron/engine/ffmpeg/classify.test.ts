import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyExit, type ExitContext, type ExitKind } from '@shared/ffmpeg/classify';
import { StderrRing } from './stderr-ring';

/** Captured from FFmpeg 5.1 here (see fixtures/stderr), fed through the redacting ring as in production. */
function tailOf(name: string): string[] {
  const ring = new StderrRing();
  ring.push(readFileSync(join(import.meta.dirname, 'fixtures', 'stderr', name), 'utf8'));
  ring.end();
  return ring.tail();
}

const CASES: { file: string; context: ExitContext; kind: ExitKind; fatal: boolean; message: RegExp }[] = [
  {
    file: 'output-key-rejected-nginx-rtmp.txt',
    context: { role: 'output', target: 'Twitch' },
    kind: 'keyRejected',
    fatal: true,
    message: /^The server refused the stream key for Twitch\. Check the key in the destination settings\.$/,
  },
  {
    file: 'output-connection-refused.txt',
    context: { role: 'output', target: 'YouTube (primary)' },
    kind: 'connectionRefused',
    fatal: false,
    message: /YouTube \(primary\) refused the connection/,
  },
  {
    file: 'output-unresolvable-host.txt',
    context: { role: 'output', target: 'my server' },
    kind: 'networkUnreachable',
    fatal: false,
    message: /My server could not be reached/,
  },
  {
    file: 'output-connection-lost.txt',
    context: { role: 'output', target: 'Twitch' },
    kind: 'connectionLost',
    fatal: false,
    message: /connection to Twitch was lost/,
  },
  { file: 'source-missing.txt', context: { role: 'source' }, kind: 'sourceMissing', fatal: true, message: /could not be found/ },
  {
    file: 'source-truncated.txt',
    context: { role: 'source' },
    kind: 'sourceUnreadable',
    fatal: true,
    message: /damaged or incomplete/,
  },
  { file: 'source-not-video.txt', context: { role: 'source' }, kind: 'unsupportedInput', fatal: true, message: /not a video/ },
  {
    file: 'source-http-404.txt',
    context: { role: 'source' },
    kind: 'sourceMissing',
    fatal: true,
    message: /link is still valid/,
  },
  {
    file: 'source-http-refused.txt',
    context: { role: 'source', target: 'the IPTV server' },
    kind: 'connectionRefused',
    fatal: false,
    message: /The IPTV server refused the connection/,
  },
];

describe('classifyExit on real FFmpeg 5.1 stderr', () => {
  for (const { file, context, kind, fatal, message } of CASES) {
    it(`${file} → ${kind}`, () => {
      const result = classifyExit(tailOf(file), 1, context);
      expect(result.kind).toBe(kind);
      expect(result.fatal).toBe(fatal);
      expect(result.message).toMatch(message);
      expect(result.evidence).not.toBeNull();
    });
  }

  it('the evidence line of a refused key is redacted', () => {
    const result = classifyExit(tailOf('output-key-rejected-nginx-rtmp.txt'), 1, { role: 'output' });
    expect(result.evidence).toBe('rtmp://127.0.0.1:19350/live/••••ijkl: Input/output error');
  });
});

describe('classifyExit: other platforms and versions', () => {
  it('a platform that explains the refusal ("Server error: …")', () => {
    expect(
      classifyExit(['[rtmp @ 0x1] Server error: Authentication failed.', 'rtmp://x/app/••••: Input/output error'], 1).kind,
    ).toBe('keyRejected');
    expect(classifyExit(['[rtmp @ 0x1] Server error: NetStream.Publish.BadName'], 1).kind).toBe('keyRejected');
  });

  it('FFmpeg 6/7 wording of the output open failure', () => {
    expect(
      classifyExit(
        [
          '[out#0/flv @ 0x1] Error opening output rtmp://h/live/abcd••••wxyz: Input/output error',
          'Error opening output files: Input/output error',
        ],
        1,
      ).kind,
    ).toBe('keyRejected');
  });

  it('a source RTMP URL failing is not a refused key', () => {
    expect(classifyExit(['rtmp://origin/live/feed: Input/output error'], 1, { role: 'source' }).kind).toBe('connectionLost');
  });

  it('exit 0 is clean; a crash by signal with nothing recognisable is unknown and retried', () => {
    expect(classifyExit(['video:1kB audio:1kB'], 0)).toMatchObject({ kind: 'clean', fatal: false });
    expect(classifyExit(['frame=1'], null)).toMatchObject({ kind: 'unknown', fatal: false });
    expect(classifyExit([], 255).message).toMatch(/stopped unexpectedly/);
  });

  it('an output that cannot write its HLS folder is not a missing source', () => {
    const tail = [
      "[hls @ 0x1] Failed to open file '/data/hls/7/7-1700000000.ts.tmp'",
      'av_interleaved_write_frame(): No such file or directory',
    ];
    expect(classifyExit(tail, 1, { role: 'output', target: 'the HLS preview' })).toMatchObject({ fatal: false });
    expect(classifyExit(tail, 1, { role: 'output' }).kind).not.toBe('sourceMissing');
  });

  it('an IPTV server refusing access (401/403) is unreadable, a 404 is missing', () => {
    expect(
      classifyExit(
        ['[http @ 0x1] HTTP error 403 Forbidden', 'http://h/live/u/••••/1.ts: Server returned 403 Forbidden (access denied)'],
        1,
        { role: 'source' },
      ).kind,
    ).toBe('sourceUnreadable');
    expect(
      classifyExit(['http://h/x.ts: Server returned 401 Unauthorized (authorization failed)'], 1, { role: 'source' }).kind,
    ).toBe('sourceUnreadable');
    expect(classifyExit(['http://h/x.ts: Server returned 404 Not Found'], 1, { role: 'source' }).kind).toBe('sourceMissing');
  });

  it('network failures are not fatal (retried with backoff)', () => {
    for (const line of [
      'Network is unreachable',
      'No route to host',
      'Connection timed out',
      'Temporary failure in name resolution',
    ]) {
      expect(classifyExit([`[tcp @ 0x1] ${line}`], 1)).toMatchObject({ kind: 'networkUnreachable', fatal: false });
    }
  });
});
