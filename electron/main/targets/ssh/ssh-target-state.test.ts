import { describe, expect, it } from 'vitest';
import { problemOf, summariseState } from './ssh-target-state';

describe('summariseState', () => {
  it('maps every detailed state to the target list’s four, keeping the reason', () => {
    expect(summariseState({ kind: 'idle' })).toEqual({ state: 'disconnected' });
    expect(summariseState({ kind: 'connecting', attempt: 0 })).toEqual({ state: 'connecting' });
    expect(summariseState({ kind: 'connecting', attempt: 0, reason: 'cut' })).toEqual({ state: 'connecting', reason: 'cut' });
    expect(summariseState({ kind: 'connected' })).toEqual({ state: 'connected' });
    expect(summariseState({ kind: 'signInRequired', reason: 'Sign in' })).toEqual({ state: 'connected', reason: 'Sign in' });
    expect(summariseState({ kind: 'unreachable', reason: 'down', attempt: 2, retryInMs: 800 })).toEqual({
      state: 'failed',
      reason: 'down',
    });
    expect(summariseState({ kind: 'hostKeyChanged', reason: 'WARNING', expected: 'a', presented: 'b' })).toEqual({
      state: 'failed',
      reason: 'WARNING',
    });
    expect(summariseState({ kind: 'closed' })).toEqual({ state: 'disconnected' });
  });
});

describe('problemOf', () => {
  it('says when a retrying target tries again, and which two host keys differ; nothing for other states', () => {
    expect(problemOf({ kind: 'unreachable', reason: 'down', attempt: 2, retryInMs: 800 }, 10_000)).toEqual({
      kind: 'retrying',
      retryAt: 10_800,
    });
    expect(problemOf({ kind: 'hostKeyChanged', reason: 'WARNING', expected: 'SHA256:a', presented: 'SHA256:b' })).toEqual({
      kind: 'hostKeyChanged',
      pinned: 'SHA256:a',
      presented: 'SHA256:b',
    });
    expect(problemOf({ kind: 'authFailed', reason: 'no' })).toBeUndefined();
    expect(problemOf({ kind: 'connecting', attempt: 1, reason: 'cut' })).toBeUndefined();
    expect(problemOf({ kind: 'connected' })).toBeUndefined();
  });
});
