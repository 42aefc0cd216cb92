import type { TargetProblem } from '@shared/contract/host-targets';

/**
 * Where the app's connection to a VPS agent stands, with the reason in words a streamer
 * understands. What the target switcher shows (connecting, connected, unreachable with the
 * reason, host key changed) and what it offers (sign in, install, re-pin) come from here.
 */
export type SshTargetState =
  /** Not connected, and not trying (never connected, or disconnected by the user). */
  | { readonly kind: 'idle' }
  /** Opening SSH and the agent channel; `reason` is set when it is a reconnect. */
  | { readonly kind: 'connecting'; readonly attempt: number; readonly reason?: string }
  /** Connected, signed in (or the agent needs no sign-in), lives resynced. */
  | { readonly kind: 'connected' }
  /** Connected to a shared agent that wants an account: no session, or it expired. */
  | { readonly kind: 'signInRequired'; readonly reason: string }
  /** The last attempt failed for a reason that may pass; the next one is in `retryInMs`. */
  | { readonly kind: 'unreachable'; readonly reason: string; readonly attempt: number; readonly retryInMs: number }
  /** SSH works but there is no agent there: the app offers to install it. */
  | { readonly kind: 'agentNotInstalled'; readonly reason: string }
  /** The server's host key is not the pinned one: nothing was sent, no retry. */
  | { readonly kind: 'hostKeyChanged'; readonly reason: string; readonly expected: string; readonly presented: string }
  /** The server refused the credentials, or the key/passphrase/ssh-agent cannot be used: no retry. */
  | { readonly kind: 'authFailed'; readonly reason: string }
  /** Closed for good (the target was removed). */
  | { readonly kind: 'closed' };

/** The coarse state of the app's target list (shared/contract targets, `target.state` events). */
export type TargetStateSummary = 'connected' | 'connecting' | 'disconnected' | 'failed';

export function summariseState(state: SshTargetState): { state: TargetStateSummary; reason?: string } {
  switch (state.kind) {
    case 'idle':
    case 'closed':
      return { state: 'disconnected' };
    case 'connecting':
      return state.reason ? { state: 'connecting', reason: state.reason } : { state: 'connecting' };
    case 'connected':
      return { state: 'connected' };
    case 'signInRequired':
      return { state: 'connected', reason: state.reason };
    case 'unreachable':
    case 'agentNotInstalled':
    case 'hostKeyChanged':
    case 'authFailed':
      return { state: 'failed', reason: state.reason };
  }
}

/** What the switcher shows beyond the coarse state: when the next attempt is, or the two host keys. */
export function problemOf(state: SshTargetState, now: number = Date.now()): TargetProblem | undefined {
  if (state.kind === 'unreachable') return { kind: 'retrying', retryAt: now + state.retryInMs };
  if (state.kind === 'hostKeyChanged') return { kind: 'hostKeyChanged', pinned: state.expected, presented: state.presented };
  return undefined;
}
