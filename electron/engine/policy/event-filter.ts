import type { EngineMode } from '@shared/contract/accounts';
import type { CallContext, Caller } from '../context';
import type { EventSource } from '@shared/rpc/channel-server';
import { eventRuleOf } from './event-policy';

export interface EventFilterOptions {
  mode: EngineMode;
  resolveSession: (token: string) => Caller | null;
  /** Engine events, watched to learn which live belongs to whom (for run.stats / run.log). */
  events: EventSource;
  /** How long a connection's resolved caller is reused, so frequent stats events cost no lookup. */
  cacheMs?: number;
  clock?: () => number;
  /** Told once per event name that has no rule (withheld). */
  log?: (message: string) => void;
}

export type EventFilter = ((event: string, payload: unknown, ctx: CallContext) => boolean) & { close(): void };

/**
 * Which engine events a connection may receive, by `EVENT_POLICY` (event-policy.ts): on a shared
 * engine, anonymous connections receive nothing, unapproved ones only news about their own
 * account, approved ones what the table gives their audience, admins everything. An event the
 * table does not know is withheld and logged once. Single-owner engines send everything.
 */
export function createEventFilter(options: EventFilterOptions): EventFilter {
  const cacheMs = options.cacheMs ?? 2_000;
  const clock = options.clock ?? Date.now;
  const owners = new Map<string, string>();
  const callers = new Map<string, { caller: Caller | null; at: number }>();
  const unknown = new Set<string>();
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

  const ownerOfLive = (liveId: unknown): string | undefined => (typeof liveId === 'string' ? owners.get(liveId) : undefined);

  const filter = (event: string, payload: unknown, ctx: CallContext): boolean => {
    if (options.mode === 'single-owner') return true;
    const rule = eventRuleOf(event);
    if (!rule) {
      if (!unknown.has(event)) options.log?.(`event "${event.slice(0, 100)}" has no rule in EVENT_POLICY: withheld`);
      unknown.add(event);
      return false;
    }
    const caller = callerOf(ctx);
    if (!caller) return false;
    const p = (payload ?? {}) as { ownerId?: unknown; liveId?: unknown; userId?: unknown };
    if (rule.audience === 'addressee' && p.userId === caller.userId) return true;
    if (!caller.isApproved) return false;
    if (caller.isAdmin) return true;
    switch (rule.audience) {
      case 'admins':
        return false;
      case 'approved':
        return true;
      case 'addressee':
        return ownerOfLive(p.liveId) === caller.userId;
      case 'owner': {
        const owner = rule.ownerFrom === 'payload' ? p.ownerId : ownerOfLive(p.liveId);
        return owner === caller.userId;
      }
    }
  };
  return Object.assign(filter, { close: unsubscribe });
}
