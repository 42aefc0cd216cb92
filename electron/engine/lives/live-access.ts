import { RpcError } from '@shared/contract/errors';
import type { Caller } from '../context';

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
  if (!caller.isApproved) throw new RpcError('FORBIDDEN', 'Your account is waiting for approval by an administrator.');
}

export function assertMayActOnLive(
  caller: Caller,
  live: { readonly id: string; readonly ownerId: string },
  action: LiveAction,
): void {
  assertMayUseLives(caller);
  if (!mayActOnLive(caller, live, 'view')) throw notFound(live.id);
  if (!mayActOnLive(caller, live, action)) {
    throw new RpcError('FORBIDDEN', `Only the owner of this live may ${action} it.`);
  }
}

export function notFound(liveId: string): RpcError {
  return new RpcError('NOT_FOUND', `No live with id "${liveId.slice(0, 64)}".`);
}
