import { describe, expect, it } from 'vitest';
import { summariseState } from './ssh-target-state';

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
