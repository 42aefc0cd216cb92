import type { Router } from '@shared/rpc/router';
import { LOCAL_OWNER, type CallContext, type Caller } from '../engine/context';
import type { Engine } from '../engine/engine';
import { resourceIdOf, ruleOf } from '../engine/policy/policy';

/** The context of a `cli` connection on the agent's socket: the machine's owner, as an admin. */
export const LOCAL_CONTEXT: CallContext = Object.freeze({ transport: 'local', peer: 'local', caller: LOCAL_OWNER });

/**
 * The router `cli` connections use. Whoever can open the socket (the agent's Unix user, or root)
 * can already read its database and restart it, so the CLI is not held to the team rules: on a
 * live it acts as that live's owner (an admin alone may only view and stop someone's live), so
 * `live start` works on any live and the run is its owner's (their notifications, their history).
 */
export function localOwnerRouter(engine: Engine): Router<CallContext> {
  const getLive = engine.handlers['lives.get'];
  const ownerOf = async (liveId: string): Promise<string | null> => {
    if (!getLive) return null;
    try {
      return (await getLive({ liveId }, LOCAL_CONTEXT)).ownerId;
    } catch {
      return null; // unknown live: the call itself answers NOT_FOUND
    }
  };
  return {
    has: (method) => engine.router.has(method),
    async call(method, params, ctx) {
      const rule = ruleOf(method);
      const liveId = rule?.access === 'owner' && rule.resource === 'live' ? resourceIdOf('live', params) : undefined;
      const ownerId = liveId === undefined ? null : await ownerOf(liveId);
      const caller: Caller = ownerId === null ? LOCAL_OWNER : { userId: ownerId, isAdmin: true, isApproved: true };
      return engine.router.call(method, params, { ...ctx, transport: 'local', caller });
    },
  };
}
