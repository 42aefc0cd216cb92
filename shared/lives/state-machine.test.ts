import { describe, expect, it } from 'vitest';
import { LiveState } from '../contract/lives';
import { RpcError } from '../contract/errors';
import { assertTransition, canTransition, idleStateFor, isActive, isOnAir, isRunning, isTerminal } from './state-machine';

/**
 * The expected table, written out by hand (not derived from TRANSITIONS) so a change to the code
 * must be mirrored here. Columns, in order: draft scheduled queued starting live reconnecting
 * stopping ended failed interrupted. `x` = allowed, `.` = refused.
 */
const EXPECTED: Record<LiveState, string> = {
  draft: '. x x x . . . . . .',
  scheduled: 'x . x x . . . . x .',
  queued: '. . . x . . x x x x',
  starting: '. . . . x x x x x x',
  live: '. . . . . x x x x x',
  reconnecting: '. . . . x . x x x x',
  stopping: '. . . . . . . x x x',
  ended: 'x x x x . . . . . .',
  failed: 'x x x x . . . . . .',
  interrupted: 'x x x x . . . . . .',
};

const STATES = LiveState.options;

describe('live state machine', () => {
  const cases = STATES.flatMap((from) => STATES.map((to, i) => ({ from, to, allowed: EXPECTED[from].split(' ')[i] === 'x' })));

  it('covers all 100 pairs', () => {
    expect(cases).toHaveLength(STATES.length * STATES.length);
    expect(STATES).toHaveLength(10);
  });

  it.each(cases)('$from → $to allowed=$allowed', ({ from, to, allowed }) => {
    expect(canTransition(from, to)).toBe(allowed);
    if (allowed) {
      expect(() => assertTransition(from, to)).not.toThrow();
    } else {
      let caught: unknown;
      try {
        assertTransition(from, to);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(RpcError);
      const error = caught as RpcError;
      expect(error.code).toBe('INVALID_STATE');
      expect(error.message).toContain(`"${from}" to "${to}"`);
      expect(error.message).toMatch(/\.\s+\S.*\.$/);
    }
  });

  it('never moves a state to itself', () => {
    for (const s of STATES) expect(canTransition(s, s)).toBe(false);
  });

  it('classifies active and terminal states', () => {
    expect(STATES.filter(isActive)).toEqual(['queued', 'starting', 'live', 'reconnecting', 'stopping']);
    expect(STATES.filter(isTerminal)).toEqual(['ended', 'failed', 'interrupted']);
  });

  it('one home for the state groups: on air ⊂ running ⊂ active, and active, idle and terminal never overlap', () => {
    // The scheduler's end deadline counts from `running`; the sidebar counts `on air`.
    expect(STATES.filter(isRunning)).toEqual(['starting', 'live', 'reconnecting']);
    expect(STATES.filter(isOnAir)).toEqual(['live', 'reconnecting']);
    for (const state of STATES) {
      if (isOnAir(state)) expect(isRunning(state)).toBe(true);
      if (isRunning(state)) expect(isActive(state)).toBe(true);
      expect(isActive(state) && isTerminal(state)).toBe(false);
    }
  });

  it('rests in draft for manual starts and scheduled otherwise', () => {
    expect(idleStateFor('manual')).toBe('draft');
    expect(idleStateFor('once')).toBe('scheduled');
    expect(idleStateFor('recurring')).toBe('scheduled');
  });
});
