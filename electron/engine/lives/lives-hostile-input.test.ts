/**
 * What an attacker sends through the real router (contract validation included): paths and URLs
 * that would inject directives or open what FFmpeg must not. Each is refused with INVALID_PARAMS
 * naming the field, before anything is stored or any FFmpeg runs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RpcError } from '@shared/contract/errors';
import type { Live, LiveFieldsInput, Source } from '@shared/contract/lives';
import { SourceArgsError } from '@shared/ffmpeg/source-args';
import { startLivesKit, type LivesKit } from '../../../tests/support/engine/lives-kit';
import { toSourceSpec } from './runtime/run-inputs';

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('Expected the call to be refused.');
}

const INJECTED_PATHS = [
  "/videos/a.mp4'\nfile 'file:/etc/hostname",
  '/videos/a.mp4\nfile file:/etc/hostname',
  '/videos/a.mp4\r\nfile file:/etc/hostname',
  '/videos/a\0.mp4',
  '/videos/a\t.mp4',
  '/videos/a\u0085.mp4',
  '/videos/a\u2028file file:/etc/hostname',
];

let kit: LivesKit;
beforeEach(async () => {
  kit = await startLivesKit();
});
afterEach(() => kit.close());

function fields(source: unknown): LiveFieldsInput {
  return { title: 'Attack', source: source as Source, destinations: [{ name: 'Preview', kind: 'hls-local' }] };
}

describe('playlist directive injection (control characters in paths)', () => {
  it('lives.create refuses a playlist or file path holding any control character, naming the field', async () => {
    for (const bad of INJECTED_PATHS) {
      const playlist = await rejection(kit.call('lives.create', fields({ kind: 'playlist', paths: ['/videos/ok.mp4', bad] })));
      expect(playlist.code, JSON.stringify(bad)).toBe('INVALID_PARAMS');
      expect(playlist.issues?.[0]).toMatchObject({
        path: ['source', 'paths', 1],
        message: expect.stringMatching(/control character/),
      });
      const file = await rejection(kit.call('lives.create', fields({ kind: 'file', path: bad })));
      expect(file.code).toBe('INVALID_PARAMS');
    }
    expect((await kit.call('lives.list', undefined)).items).toEqual([]);
  });

  it('lives.update refuses it too, and the live keeps its playlist', async () => {
    const live = await kit.call('lives.create', fields({ kind: 'playlist', paths: ['/videos/a.mp4'] }));
    const error = await rejection(
      kit.call('lives.update', {
        liveId: live.id,
        patch: { source: { kind: 'playlist', paths: [INJECTED_PATHS[1] as string] } },
      }),
    );
    expect(error).toMatchObject({ code: 'INVALID_PARAMS' });
    expect((await kit.call('lives.get', { liveId: live.id })).source).toEqual({ kind: 'playlist', paths: ['/videos/a.mp4'] });
  });

  it('the runtime writes a stored playlist through the one builder: a path that got past the contract is refused, not written', () => {
    // As if an older version had stored it: the list writer is the last line of defence.
    const stored = {
      id: 'l1',
      source: { kind: 'playlist', paths: [INJECTED_PATHS[1]] },
      loop: { kind: 'once' },
    } as unknown as Live;
    expect(() => toSourceSpec(stored, kit.dataDir)).toThrow(SourceArgsError);
    const quoted = { ...stored, source: { kind: 'playlist', paths: ["/v/it's.mp4"] } } as Live;
    expect(toSourceSpec(quoted, kit.dataDir)).toMatchObject({ kind: 'playlist' });
  });
});

describe('source URLs outside the allow-list (http, https, rtmp, rtmps, srt)', () => {
  const HOSTILE = [
    'tcp://127.0.0.1:22',
    'file:/etc/hostname',
    'concat:/etc/hostname|/etc/passwd',
    'subfile,,start,0,end,100,,:/etc/hostname',
    'data:text/plain;base64,aGVsbG8=',
    'pipe:0',
    '-f lavfi -i testsrc',
    'udp://0.0.0.0:1234',
    'http://example.com/a\r\nX-Injected: 1',
  ];
  const LISTENING = [
    'srt://0.0.0.0:9000?mode=listener',
    'srt://example.com:9000?mode=rendezvous',
    'rtmp://example.com/live?listen=1',
  ];

  it('an IPTV channel carries no URL (the engine resolves it at start): one sent is refused, hostile or not', async () => {
    for (const url of [...HOSTILE, ...LISTENING, 'http://iptv.example.com/live/1.ts']) {
      const error = await rejection(
        kit.call('lives.create', fields({ kind: 'iptvChannel', providerId: 'p', channelId: 'c', url })),
      );
      expect(error.code, url).toBe('INVALID_PARAMS');
    }
    const ok = await kit.call(
      'lives.create',
      fields({ kind: 'iptvChannel', providerId: 'p', channelId: 'c', channelName: 'TF1' }),
    );
    expect(ok.source).toEqual({ kind: 'iptvChannel', providerId: 'p', channelId: 'c', channelName: 'TF1' });
  });

  it('a URL source is refused for every format, and listener modes are named in the message', async () => {
    for (const format of ['hls', 'http-ts', 'rtmp', 'srt'] as const) {
      for (const url of HOSTILE) {
        const error = await rejection(kit.call('lives.create', fields({ kind: 'url', format, url })));
        expect(error.code, `${format} ${url}`).toBe('INVALID_PARAMS');
      }
    }
    const listener = await rejection(
      kit.call('lives.create', fields({ kind: 'url', format: 'srt', url: 'srt://0.0.0.0:9000?mode=listener' })),
    );
    expect(listener).toMatchObject({
      code: 'INVALID_PARAMS',
      issues: [{ path: ['source', 'url'], message: expect.stringMatching(/mode=listener/) }],
    });
    const live = await kit.call('lives.create', fields({ kind: 'url', format: 'srt', url: 'srt://origin.example.com:9000' }));
    const update = await rejection(
      kit.call('lives.update', {
        liveId: live.id,
        patch: { source: { kind: 'url', format: 'srt', url: 'srt://0.0.0.0:9000?mode=rendezvous' } },
      }),
    );
    expect(update.code).toBe('INVALID_PARAMS');
  });
});

describe('rows an older engine stored before these rules', () => {
  it('a refused stored source is replaced by the test pattern at start, so lives.list still answers and FFmpeg never sees it', async () => {
    const live = await kit.call('lives.create', fields({ kind: 'testPattern' }));
    const kept = await kit.call('lives.create', fields({ kind: 'url', format: 'hls', url: 'https://cdn.example.com/x.m3u8' }));
    // As the attacked engine stored them: no check on IPTV URLs, only NUL refused in paths.
    kit.deps.db
      .prepare('UPDATE lives SET source = ? WHERE id = ?')
      .run(
        JSON.stringify({ kind: 'iptvChannel', providerId: 'p', channelId: 'c', url: 'srt://0.0.0.0:9000?mode=listener' }),
        live.id,
      );
    const again = await kit.reopen();
    try {
      const listed = (await again.call('lives.list', undefined)).items;
      expect(listed.find((l) => l.id === live.id)?.source).toEqual({ kind: 'testPattern' });
      expect(listed.find((l) => l.id === kept.id)?.source).toEqual(kept.source);
    } finally {
      again.close();
    }
  });
});
