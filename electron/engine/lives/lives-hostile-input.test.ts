/**
 * What an attacker sends through the real router (contract validation included): paths and URLs
 * that would inject directives or open what FFmpeg must not. Each is refused with INVALID_PARAMS
 * naming the field, before anything is stored or any FFmpeg runs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RpcError } from '@shared/contract/errors';
import type { Live, LiveFieldsInput, Source } from '@shared/contract/lives';
import { SourceArgsError } from '@shared/ffmpeg/source-args';
import { startLivesKit, type LivesKit } from './lives-test-kit';
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
    expect(await kit.call('lives.list', undefined)).toEqual([]);
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
