import type { ApiOf, Contract, Unsubscribe } from '@shared/contract/define';
import { RpcError } from '@shared/contract/errors';
import { buildApi } from '@shared/rpc/api';
import { createChannelClient, type ChannelClient } from '@shared/rpc/channel-client';
import type { FrameChannel } from '@shared/rpc/protocol';
import { createConnection, type Connection } from './connection';

export interface ReconnectingClientOptions {
  /** Opens a fresh channel to the peer; rejects when the peer cannot be reached. */
  open: () => Promise<FrameChannel>;
  /** "the web host": used in error messages. */
  peerName: string;
  /** Waits between attempts after a loss; the last one repeats. */
  retryDelaysMs?: readonly number[];
  /**
   * Runs on a reopened channel before anyone is told it is back (the epoch grows): a shared
   * engine's session is bound to the connection, so it is presented again here.
   */
  onReopen?: (call: (method: string, input: unknown) => Promise<unknown>) => Promise<void>;
}

export interface ReconnectingClient<C extends Contract> {
  /** Stable for the page's life: calls go to the current channel, listeners survive reconnections. */
  readonly api: ApiOf<C>;
  readonly connection: Connection;
  close(): void;
}

const DEFAULT_DELAYS = [250, 500, 1000, 2000, 4000] as const;
type AnyListener = (payload: unknown) => void;

/**
 * A channel client that comes back after its peer went away (web host restarted, network
 * dropped). While the link is down, calls fail at once with DISCONNECTED and the connection
 * says `lost`; the first successful reopen re-attaches every event listener and bumps the
 * epoch so readers ask again for what they may have missed. The first open must succeed.
 */
export async function connectReconnecting<C extends Contract>(
  contract: C,
  options: ReconnectingClientOptions,
): Promise<ReconnectingClient<C>> {
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  const connection = createConnection();
  const listeners = new Map<string, Set<AnyListener>>();
  let client: ChannelClient<C> | null = null;
  let attached = new Set<string>();
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const fanOut = (event: string) => (payload: unknown) => {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
  };
  const attach = (event: string): void => {
    if (!client || attached.has(event)) return;
    attached.add(event);
    (client.api.on as (event: string, listener: AnyListener) => Unsubscribe)(event, fanOut(event));
  };

  const adopt = (channel: FrameChannel): void => {
    client = createChannelClient(contract, channel, { peerName: options.peerName });
    attached = new Set();
    for (const event of listeners.keys()) attach(event);
    channel.onClose((reason) => {
      if (closed) return;
      client = null;
      connection.set({ state: 'lost', epoch: connection.current().epoch, reason });
      scheduleReopen(0);
    });
  };

  const scheduleReopen = (attempt: number): void => {
    const delay = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
    retry = setTimeout(() => {
      options.open().then(
        async (channel) => {
          if (closed) return channel.close();
          adopt(channel);
          const reopened = client;
          await options
            .onReopen?.((method, input) => reopened?.call(method as never, input as never) ?? Promise.resolve())
            .catch(() => undefined);
          if (closed || client !== reopened) return;
          connection.set({ state: 'connected', epoch: connection.current().epoch + 1 });
        },
        () => {
          if (!closed) scheduleReopen(attempt + 1);
        },
      );
    }, delay);
  };

  adopt(await options.open());

  const api = buildApi(
    contract,
    (method, input) => {
      if (!client || client.closed()) {
        return Promise.reject(
          new RpcError('DISCONNECTED', `Not connected to ${options.peerName}: trying to reconnect.`, { method }),
        );
      }
      return client.call(method, input);
    },
    (event, listener) => {
      const set = listeners.get(event) ?? new Set<AnyListener>();
      set.add(listener);
      listeners.set(event, set);
      attach(event);
      return () => set.delete(listener);
    },
  );

  return {
    api,
    connection,
    close() {
      closed = true;
      clearTimeout(retry);
      client?.close();
    },
  };
}
