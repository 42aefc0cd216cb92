import type { EngineMode } from '@shared/contract/accounts';
import { RpcError } from '@shared/contract/errors';
import { LOCAL_OWNER, type CallContext, type Caller } from '../context';
import type { EngineHandlers } from '../module';
import { can, resourceIdOf, ruleOf, type OwnedResource, type ResourceOwner } from './policy';
import { engineMessage } from '@shared/messages/engine-message';

/**
 * Who is calling when nobody signed in. It is a real caller with no rights, so a handler that
 * reads `callerOf(ctx)` on a shared engine can never fall back to the local owner.
 */
export const ANONYMOUS: Caller = Object.freeze({ userId: 'anonymous', isAdmin: false, isApproved: false });

export interface AuthLayerOptions {
  mode: EngineMode;
  /** The account behind a session token, or null (unknown, expired, revoked). */
  resolveSession: (token: string) => Caller | null;
}

type AnyHandler = (input: unknown, ctx: CallContext) => unknown;
type OwnerLookup = (id: string) => Promise<string | null>;

/**
 * Wrap every merged handler so that, before it runs, the caller is resolved and the policy is
 * asked. Single-owner engines (the desktop) run everything as LOCAL_OWNER. Shared engines take
 * the caller from the session bound to the connection — never from anything else a client sends.
 */
export function guardHandlers(raw: Partial<EngineHandlers>, options: AuthLayerOptions): Partial<EngineHandlers> {
  const table = raw as Record<string, AnyHandler | undefined>;
  const owners = ownerLookups(table);
  const guarded: Record<string, AnyHandler> = {};
  for (const [method, handler] of Object.entries(table)) {
    if (!handler) continue;
    guarded[method] = async (input, ctx) => {
      if (options.mode === 'single-owner') return handler(input, { ...ctx, caller: LOCAL_OWNER });
      const caller = callerFor(method, ctx, options);
      const decision = can(caller, method, await resourceOf(method, input, owners));
      if (!decision.allowed) {
        throw new RpcError(decision.code, decision.message, { method, ...(decision.text ? { text: decision.text } : {}) });
      }
      return handler(input, { ...ctx, caller: caller ?? ANONYMOUS });
    };
  }
  return guarded as Partial<EngineHandlers>;
}

function callerFor(method: string, ctx: CallContext, options: AuthLayerOptions): Caller | null {
  // In-process host commands (the agent CLI's `doctor`) set their caller themselves; no network
  // transport ever uses `local`.
  if (ctx.transport === 'local' && ctx.caller) return ctx.caller;
  if (ctx.sessionToken === undefined) return null;
  const caller = options.resolveSession(ctx.sessionToken);
  if (caller) return caller;
  // A stale token must not block signing in again or asking who one is.
  if (ruleOf(method)?.access === 'public') return null;
  throw RpcError.of('UNAUTHENTICATED', engineMessage('access.sessionExpired'), { method });
}

async function resourceOf(
  method: string,
  input: unknown,
  owners: Partial<Record<OwnedResource, OwnerLookup>>,
): Promise<ResourceOwner | undefined> {
  const rule = ruleOf(method);
  if (rule?.access !== 'owner') return undefined;
  const id = resourceIdOf(rule.resource, input);
  const lookup = owners[rule.resource];
  if (id === undefined || !lookup) return undefined;
  return { id, ownerId: await lookup(id) };
}

/**
 * liveId → ownerId through the lives domain's own `lives.get` (and runId → liveId through
 * `lives.getRun`), called as the local owner, so the policy needs no knowledge of its tables.
 */
function ownerLookups(table: Record<string, AnyHandler | undefined>): Partial<Record<OwnedResource, OwnerLookup>> {
  const trusted: CallContext = { transport: 'local', caller: LOCAL_OWNER };
  const getLive = table['lives.get'];
  const getRun = table['lives.getRun'];
  const liveOwner = async (liveId: string): Promise<string | null> => {
    if (!getLive) return null;
    const live = await notFoundAsNull(() => getLive({ liveId }, trusted));
    return live && typeof live === 'object' ? String((live as { ownerId: unknown }).ownerId) : null;
  };
  const runOwner = async (runId: string): Promise<string | null> => {
    if (!getRun) return null;
    const detail = await notFoundAsNull(() => getRun({ runId }, trusted));
    const liveId = (detail as { run?: { liveId?: unknown } } | null)?.run?.liveId;
    return typeof liveId === 'string' ? liveOwner(liveId) : null;
  };
  const lookups: Partial<Record<OwnedResource, OwnerLookup>> = {};
  if (getLive) lookups.live = liveOwner;
  if (getLive && getRun) lookups.run = runOwner;
  return lookups;
}

async function notFoundAsNull(fetch: () => unknown): Promise<unknown> {
  try {
    return await fetch();
  } catch (error) {
    if (error instanceof RpcError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}
