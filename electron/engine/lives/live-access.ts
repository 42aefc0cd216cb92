import { RpcError } from '@shared/contract/errors';
import type { Caller } from '../context';
import { engineMessage, type EngineMessage } from '@shared/messages/engine-message';

/** What a caller wants to do with a live. */
export type LiveAction = 'view' | 'start' | 'stop' | 'edit';

/**
 * The one place that decides who may touch a live (the accounts policy calls into it).
 * Owners do everything with their own lives; admins see every live and may stop any of them;
 * nobody else learns that someone else's live exists (NOT_FOUND rather than FORBIDDEN).
 */
export function mayActOnLive(caller: Caller, live: { readonly ownerId: string }, action: LiveAction): boolean {
  if (!caller.isApproved) return false;
  if (live.ownerId === caller.userId) return true;
  return caller.isAdmin && (action === 'view' || action === 'stop');
}

export function assertMayUseLives(caller: Caller): void {
  if (!caller.isApproved) throw RpcError.of('FORBIDDEN', engineMessage('access.awaitingApproval'));
}

export function assertMayActOnLive(
  caller: Caller,
  live: { readonly id: string; readonly ownerId: string },
  action: LiveAction,
): void {
  assertMayUseLives(caller);
  if (!mayActOnLive(caller, live, 'view')) throw notFound(live.id);
  if (!mayActOnLive(caller, live, action)) {
    throw RpcError.of('FORBIDDEN', ownerOnly(action));
  }
}

/** Why someone else than the owner may not do `action` (the policy layer says it too). */
export function ownerOnly(action: LiveAction): EngineMessage {
  const codes = {
    view: 'lives.ownerOnlyView',
    start: 'lives.ownerOnlyStart',
    stop: 'lives.ownerOnlyStop',
    edit: 'lives.ownerOnlyEdit',
  } as const satisfies Record<LiveAction, string>;
  return engineMessage(codes[action]);
}

export function notFound(liveId: string): RpcError {
  return RpcError.of('NOT_FOUND', engineMessage('lives.notFound', { liveId: liveId.slice(0, 64) }));
}
