import type { Contract } from '@shared/contract/define';
import { RpcError, isRpcError } from '@shared/contract/errors';
import type { ChannelClient } from '@shared/rpc/channel-client';
import type { Target, TargetEventListener } from './target';

export interface RemoteTargetOptions<C extends Contract> {
  id: string;
  label: string;
  contract: C;
  /** A client over the agent's byte stream (NDJSON over an SSH channel in the app). */
  client: ChannelClient<C>;
}

/**
 * A VPS agent reached over a channel client. Its events arrive already validated against the
 * contract by the client; this adapter only re-emits them untyped for the IPC bridge.
 */
export function remoteTarget<C extends Contract>(options: RemoteTargetOptions<C>): Target {
  const { client, contract } = options;
  const listeners = new Set<TargetEventListener>();
  // One client subscription per contract event, shared by every listener of this target.
  const unsubscribes = Object.keys(contract.events).map((name) =>
    client.api.on(name, (payload: unknown) => {
      for (const listener of listeners) listener(name, payload);
    }),
  );
  return {
    id: options.id,
    label: options.label,
    async call(method, params) {
      try {
        return { ok: true, value: await client.call(method, params) };
      } catch (error) {
        const typed = isRpcError(error)
          ? error
          : new RpcError('UNAVAILABLE', `${options.label} could not run ${method.slice(0, 100)}.`, { method });
        return { ok: false, error: typed.toPayload() };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      listeners.clear();
      client.close();
      return Promise.resolve();
    },
  };
}
