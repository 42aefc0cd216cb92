import type { CallContext } from '../context';
import type { RpcResult } from '@shared/rpc/router';

/**
 * How a stream or WebSocket connection carries its session: the token `auth.login` returns, or the
 * one given to `auth.useSession`, is bound to the connection and presented on every later call;
 * `auth.logout` unbinds it. Pass as `updateContext` to `serveChannel`.
 */
export function bindSession(ctx: CallContext, call: { method: string; params: unknown; result: RpcResult }): CallContext {
  if (!call.result.ok) return ctx;
  switch (call.method) {
    case 'auth.login': {
      const token = (call.result.value as { token?: unknown }).token;
      return typeof token === 'string' ? { ...ctx, sessionToken: token } : ctx;
    }
    case 'auth.useSession': {
      const token = (call.params as { token?: unknown }).token;
      return typeof token === 'string' ? { ...ctx, sessionToken: token } : ctx;
    }
    case 'auth.logout':
      return { ...ctx, sessionToken: undefined };
    default:
      return ctx;
  }
}
