import { describe, expect, it } from 'vitest';
import { englishOf } from '@shared/messages/engine-message';
import { SourceRetryWatch } from './source-retry';

describe('SourceRetryWatch (a network source never reached)', () => {
  it('words every attempt with its delay and number, and shows the wait on the live', () => {
    const watch = new SourceRetryWatch({ kind: 'failAfter', seconds: 300 }, 0);
    expect(watch.failed(2000, 'Source: FFmpeg exited with code 1 (Connection refused)', 1000)).toEqual({
      note: {
        code: 'runs.sourceRetrying',
        params: { seconds: 1, attempt: 2, reason: 'Source: FFmpeg exited with code 1 (Connection refused)' },
      },
    });
    expect(watch.failed(4000, 'Connection refused', 4000)).toEqual({
      note: { code: 'runs.sourceRetrying', params: { seconds: 4, attempt: 3, reason: 'Connection refused' } },
    });
    expect(watch.snapshot(5000)).toEqual({ attempt: 3, retryInSec: 3, reason: 'Connection refused', giveUpInSec: 295 });
  });

  it('gives up after the live’s limit without ever connecting, with the reason', () => {
    const watch = new SourceRetryWatch({ kind: 'failAfter', seconds: 60 }, 0);
    watch.failed(10_000, 'Connection refused', 30_000);
    expect(watch.expired(59_999)).toBeUndefined();
    expect(englishOf(watch.expired(60_000) ?? { code: '', params: {} })).toBe(
      'The source could not be reached in 1 min (1 failed attempt); the live gave up. Last error: Connection refused',
    );
    const giveUp = watch.failed(61_000, 'Connection refused', 60_000);
    expect(giveUp && 'giveUp' in giveUp && englishOf(giveUp.giveUp)).toBe(
      'The source could not be reached in 1 min (2 failed attempts); the live gave up. Last error: Connection refused',
    );
  });

  it('keepTrying never gives up; the live shows no deadline', () => {
    const watch = new SourceRetryWatch({ kind: 'keepTrying' }, 0);
    watch.failed(1000, 'Connection refused', 60_000);
    expect(watch.expired(86_400_000)).toBeUndefined();
    expect(watch.snapshot(2000)?.giveUpInSec).toBeNull();
  });

  it('once the source was reached, losing it is an ordinary reconnection', () => {
    const watch = new SourceRetryWatch({ kind: 'failAfter', seconds: 10 }, 0);
    watch.failed(1000, 'Connection refused', 1000);
    watch.reach();
    expect(watch.snapshot(3000)).toBeUndefined();
    expect(watch.failed(60_000, 'Connection reset', 1000)).toBeUndefined();
    expect(watch.expired(60_000)).toBeUndefined();
  });
});
