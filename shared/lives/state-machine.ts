import type { StartPolicy } from '../contract/live-fields';
import type { LiveState } from '../contract/lives';
import { RpcError } from '../contract/errors';

/**
 * Every state change a live (and its run) may make. Anything not listed is refused, so a late
 * event from a dying FFmpeg can never drag an ended live back on air.
 *
 * - idle: draft (manual start) and scheduled (a start time is set);
 * - active: queued (waiting for a free slot) → starting → live ⇄ reconnecting → stopping;
 * - terminal (of a run): ended, failed, interrupted (the engine itself went away).
 */
export const TRANSITIONS: Readonly<Record<LiveState, readonly LiveState[]>> = Object.freeze({
  draft: ['scheduled', 'queued', 'starting'],
  scheduled: ['draft', 'queued', 'starting', 'failed'],
  queued: ['starting', 'stopping', 'ended', 'failed', 'interrupted'],
  starting: ['live', 'reconnecting', 'stopping', 'ended', 'failed', 'interrupted'],
  live: ['reconnecting', 'stopping', 'ended', 'failed', 'interrupted'],
  reconnecting: ['live', 'stopping', 'ended', 'failed', 'interrupted'],
  stopping: ['ended', 'failed', 'interrupted'],
  ended: ['draft', 'scheduled', 'queued', 'starting'],
  failed: ['draft', 'scheduled', 'queued', 'starting'],
  interrupted: ['draft', 'scheduled', 'queued', 'starting'],
});

/**
 * Where each state stands, the one home of these groups: a new state that is not classified here
 * is a compile error, and every list below is read from this table.
 * - `onAir`: viewers see it (live, reconnecting) — also running and active;
 * - `running`: FFmpeg has been given the run (starting) — also active;
 * - `active`: a run holds or waits for FFmpeg (queued, stopping);
 */
const STATE_GROUP: Readonly<Record<LiveState, 'idle' | 'active' | 'running' | 'onAir' | 'terminal'>> = {
  draft: 'idle',
  scheduled: 'idle',
  queued: 'active',
  starting: 'running',
  live: 'onAir',
  reconnecting: 'onAir',
  stopping: 'active',
  ended: 'terminal',
  failed: 'terminal',
  interrupted: 'terminal',
};
const statesIn = (...groups: (typeof STATE_GROUP)[LiveState][]): readonly LiveState[] =>
  Object.freeze((Object.keys(STATE_GROUP) as LiveState[]).filter((state) => groups.includes(STATE_GROUP[state])));

export const ACTIVE_STATES: readonly LiveState[] = statesIn('active', 'running', 'onAir');
/** FFmpeg works on the run: past the queue, not yet stopping (when an end deadline starts counting). */
export const RUNNING_STATES: readonly LiveState[] = statesIn('running', 'onAir');
/** What viewers can see now: the sidebar's count and the window title. */
export const ON_AIR_STATES: readonly LiveState[] = statesIn('onAir');
export const TERMINAL_STATES: readonly LiveState[] = statesIn('terminal');

export function isRunning(state: LiveState): boolean {
  return RUNNING_STATES.includes(state);
}

export function isOnAir(state: LiveState): boolean {
  return ON_AIR_STATES.includes(state);
}

/** A run is under way (holding or waiting for FFmpeg): it cannot be edited or deleted. */
export function isActive(state: LiveState): boolean {
  return ACTIVE_STATES.includes(state);
}

/** A run is over. */
export function isTerminal(state: LiveState): boolean {
  return TERMINAL_STATES.includes(state);
}

export function canTransition(from: LiveState, to: LiveState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Why a move out of `from` is refused, in a streamer's words. */
const HINTS: Readonly<Record<LiveState, string>> = {
  draft: 'A draft live can only be scheduled or started.',
  scheduled: 'A scheduled live can only be started, queued, or unscheduled.',
  queued: 'A queued live is waiting for a free slot; it can only start or be stopped.',
  starting: 'A starting live can only go live, reconnect, stop, end or fail.',
  live: 'A live on air must be stopped first.',
  reconnecting: 'A reconnecting live can only come back, stop, end or fail.',
  stopping: 'A stopping live can only finish stopping.',
  ended: 'An ended live can only be started again or rescheduled.',
  failed: 'A failed live can only be started again or rescheduled.',
  interrupted: 'An interrupted live can only be started again or rescheduled.',
};

/** Throw INVALID_STATE with a sentence when `from → to` is not allowed. */
export function assertTransition(from: LiveState, to: LiveState): void {
  if (canTransition(from, to)) return;
  throw new RpcError('INVALID_STATE', `Cannot go from "${from}" to "${to}". ${HINTS[from]}`);
}

/** The resting state of a live with no run under way, from its start policy. */
export function idleStateFor(startKind: 'manual' | 'once' | 'recurring'): LiveState {
  return startKind === 'manual' ? 'draft' : 'scheduled';
}

/**
 * Where a live rests once a run is over (`runEnd`: ended, failed or interrupted). A live with a
 * start still ahead goes back to `scheduled` — every recurring live, and a one-off started by
 * hand before its time — so it shows, and is armed, as waiting for that start; the run keeps
 * how it ended. Any other live keeps the run's end.
 */
export function stateAfterRun(start: StartPolicy, runEnd: LiveState, nowMs: number): LiveState {
  if (start.kind === 'recurring') return 'scheduled';
  if (start.kind === 'once' && Date.parse(start.at) > nowMs) return 'scheduled';
  return runEnd;
}
