import { isHostNamespace, type HostContract } from '../contract';
import { RpcError } from '../contract/errors';
import type { Handlers, Router } from './router';

/** What a host (Electron main, the web host) implements: every host method. */
export type HostHandlers<Ctx> = Handlers<HostContract, Ctx>;

/**
 * One router for a host that answers the host methods itself and forwards everything else to
 * its engine (the web host). Decided by namespace alone, so a misspelt `settings.*` call is
 * the host's UNKNOWN_METHOD, never an engine's.
 */
export function routeByNamespace<Ctx>(host: Router<Ctx>, engine: Router<Ctx>): Router<Ctx> {
  return {
    has: (method) => (isHostNamespace(method) ? host.has(method) : engine.has(method)),
    call: (method, params, ctx) => (isHostNamespace(method) ? host : engine).call(method, params, ctx),
  };
}

/**
 * An engine's router, closed to host namespaces: such a call is refused with a message that says
 * where it belongs, and no engine code runs for it.
 */
export function refuseHostMethods<Ctx>(router: Router<Ctx>): Router<Ctx> {
  return {
    has: (method) => !isHostNamespace(method) && router.has(method),
    call(method, params, ctx) {
      if (!isHostNamespace(method)) return router.call(method, params, ctx);
      const name = method.slice(0, 100);
      const error = new RpcError('UNKNOWN_METHOD', `${name} is answered by the app itself, never by an engine.`, {
        method: name,
      });
      return Promise.resolve({ ok: false, error: error.toPayload() });
    },
  };
}
