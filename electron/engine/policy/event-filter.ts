import type { CallContext, Caller } from '../context';
import type { EventSource } from '@shared/rpc/channel-server';

export interface EventFilterOptions {
  mode: 'single-owner' | 'shared';
  resolveSession: (token: string) => Caller | null;
  /** Engine events, watched to learn which live belongs to whom (for run.stats / run.log). */
  events: EventSource;
  /** How long a connection's resolved caller is reused, so frequent stats events cost no lookup. */
  cacheMs?: number;
  clock?: () => number;
}

export type EventFilter = ((event: string, payload: unknown, ctx: CallContext) => boolean) & { close(): void };

/**
 * Which engine events a connection may receive, by the same rules as calls: on a shared engine,
 * a live's events reach its owner and the admins; a notification reaches the person it is about
 * and the admins; mail status only admins. Anonymous and unapproved connections receive only
 * notifications about their own account. Single-owner engines send everything to their one user.
 */
export function createEventFilter(options: EventFilterOptions): EventFilter {
  const cacheMs = options.cacheMs ?? 2_000;
  const clock = options.clock ?? Date.now;
  const owners = new Map<string, string>();
  const callers = new Map<string, { caller: Caller | null; at: number }>();
  const unsubscribe = options.events.subscribe((event, payload) => {
    const p = payload as { id?: unknown; liveId?: unknown; ownerId?: unknown };
    if (event === 'live.updated' && typeof p.id === 'string' && typeof p.ownerId === 'string') owners.set(p.id, p.ownerId);
    if (event === 'live.deleted' && typeof p.liveId === 'string') owners.delete(p.liveId);
  });

  const callerOf = (ctx: CallContext): Caller | null => {
    if (ctx.transport === 'local' && ctx.caller) return ctx.caller;
    const token = ctx.sessionToken;
    if (token === undefined) return null;
    const cached = callers.get(token);
    if (cached && clock() - cached.at < cacheMs) return cached.caller;
    const caller = options.resolveSession(token);
    if (callers.size > 1000) callers.clear();
    callers.set(token, { caller, at: clock() });
    return caller;
  };

  const filter = (event: string, payload: unknown, ctx: CallContext): boolean => {
    if (options.mode === 'single-owner') return true;
    const caller = callerOf(ctx);
    if (!caller) return false;
    const p = (payload ?? {}) as { ownerId?: unknown; liveId?: unknown; userId?: unknown };
    if (event === 'notification' && p.userId === caller.userId) return true;
    if (!caller.isApproved) return false;
    if (caller.isAdmin) return true;
    switch (event) {
      case 'live.updated':
      case 'live.deleted':
      case 'iptv.providerUpdated':
      case 'iptv.providerDeleted':
        return p.ownerId === caller.userId;
      case 'run.stats':
      case 'run.log':
        return typeof p.liveId === 'string' && owners.get(p.liveId) === caller.userId;
      case 'notification':
        return typeof p.liveId === 'string' && owners.get(p.liveId) === caller.userId;
      default:
        return false;
    }
  };
  return Object.assign(filter, { close: unsubscribe });
}
