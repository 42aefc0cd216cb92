import type { Contract, Unsubscribe } from '@shared/contract/define';
import { RpcError, isRpcError } from '@shared/contract/errors';
import { buildApi } from '@shared/rpc/api';
import type { ChannelClient } from '@shared/rpc/channel-client';

export interface ReconnectingClientOptions {
  /** "vps-paris": named in errors. */
  peerName: string;
  /** What `close()` does: the owner ends the connection for good. */
  onClose: () => void;
  /** Every failed call, after the caller got it (the owner watches for an expired session). */
  onCallError?: (error: RpcError, method: string) => void;
  /** Every event delivered to listeners, real or replayed by a resync. */
  observe?: (event: string, payload: unknown) => void;
}

/**
 * A ChannelClient that outlives SSH connections: calls go to the client of the current
 * connection, event listeners are moved to each new one. Between connections a call fails at
 * once with DISCONNECTED; a call in flight when a connection drops fails with DISCONNECTED too
 * (its client settles it). Nothing is ever replayed on the next connection: a `lives.start` sent
 * just before a cut must not start the live twice. The caller resyncs instead.
 */
export interface ReconnectingClient<C extends Contract> extends ChannelClient<C> {
  /** Route calls and events to this connection's client. */
  use(client: ChannelClient<C>): void;
  /** No connection now (it dropped): calls fail with DISCONNECTED saying why. */
  release(reason: string): void;
  /** Deliver an event as the agent would have (the resync after a reconnect). */
  emit(event: string, payload: unknown): void;
  /** True while a connection's client is in use. */
  connected(): boolean;
}

export function reconnectingClient<C extends Contract>(contract: C, options: ReconnectingClientOptions): ReconnectingClient<C> {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let current: ChannelClient<C> | null = null;
  let forwarding: Unsubscribe[] = [];
  let reason = 'not connected yet';
  let closed = false;

  const deliver = (event: string, payload: unknown): void => {
    options.observe?.(event, payload);
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`A listener of "${event}" threw:`, error);
      }
    }
  };

  const release = (why: string): void => {
    for (const unsubscribe of forwarding) unsubscribe();
    forwarding = [];
    current = null;
    reason = why;
  };

  const call = async (method: string, params: unknown, callOptions?: { timeoutMs?: number }): Promise<unknown> => {
    const client = current;
    if (!client || client.closed()) {
      throw new RpcError('DISCONNECTED', `Not connected to ${options.peerName} (${closed ? 'closed' : reason}).`, { method });
    }
    try {
      return await client.call(method, params, callOptions);
    } catch (error) {
      const typed = isRpcError(error)
        ? error
        : new RpcError('INTERNAL', `${options.peerName} could not run ${method}.`, { method });
      options.onCallError?.(typed, method);
      throw typed;
    }
  };

  const subscribe = (event: string, listener: (payload: unknown) => void): Unsubscribe => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => {
      set.delete(listener);
    };
  };

  return {
    api: buildApi(contract, (method, input) => call(method, input), subscribe),
    call,
    pending: () => current?.pending() ?? 0,
    closed: () => closed,
    close() {
      if (closed) return;
      closed = true;
      release('closed');
      options.onClose();
    },
    use(client) {
      release(reason);
      if (closed) {
        client.close();
        return;
      }
      current = client;
      // One forwarding subscription per contract event on this connection's client.
      forwarding = Object.keys(contract.events).map((event) =>
        client.api.on(event, (payload: unknown) => deliver(event, payload)),
      );
    },
    release,
    emit: deliver,
    connected: () => current !== null && !current.closed(),
  };
}
