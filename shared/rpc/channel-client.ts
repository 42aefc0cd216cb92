import type { ApiOf, Contract, Unsubscribe } from '../contract/define';
import { RpcError } from '../contract/errors';
import { buildApi } from './api';
import { DEFAULT_MAX_FRAME_BYTES, ServerFrame, exceedsFrameLimit, type FrameChannel } from './protocol';

export interface ChannelClientOptions {
  /** Default per-call deadline. */
  timeoutMs?: number;
  /** Name of the peer, used in error messages ("the VPS agent", "the web host"). */
  peerName?: string;
  /** Calls whose request would exceed this are refused locally with FRAME_TOO_LARGE. */
  maxFrameBytes?: number;
  /** An event listener threw; the other listeners still run. Default: console.error. */
  onListenerError?: (event: string, error: unknown) => void;
  /** A frame the client could not understand, or an invalid event payload. */
  onProtocolError?: (error: RpcError) => void;
}

export interface ChannelClient<C extends Contract> {
  api: ApiOf<C>;
  call(method: string, params: unknown, options?: { timeoutMs?: number }): Promise<unknown>;
  /** Number of calls still waiting for an answer. */
  pending(): number;
  closed(): boolean;
  close(): void;
}

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: RpcError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Call a contract served on the other end of a channel. Every call settles: with the answer,
 * with the peer's typed error, on its deadline (TIMEOUT), or when the channel closes (DISCONNECTED).
 */
export function createChannelClient<C extends Contract>(
  contract: C,
  channel: FrameChannel,
  options: ChannelClientOptions = {},
): ChannelClient<C> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const peer = options.peerName ?? 'the engine';
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let closedReason: string | null = null;

  const settle = (id: number): Pending | undefined => {
    const entry = pending.get(id);
    if (entry) {
      clearTimeout(entry.timer);
      pending.delete(id);
    }
    return entry;
  };

  channel.onFrame((text) => {
    let frame: ServerFrame;
    try {
      frame = ServerFrame.parse(JSON.parse(text));
    } catch {
      options.onProtocolError?.(new RpcError('MALFORMED_FRAME', `${peer} sent a frame that is not part of the protocol.`));
      return;
    }
    if (frame.t === 'res') {
      const entry = settle(frame.id);
      if (!entry) return;
      if (frame.ok) entry.resolve(frame.result);
      else entry.reject(RpcError.fromPayload(frame.error));
    } else if (frame.t === 'err') {
      const entry = frame.id === null ? undefined : settle(frame.id);
      const error = RpcError.fromPayload(frame.error);
      if (entry) entry.reject(error);
      else options.onProtocolError?.(error);
    } else {
      const def = Object.hasOwn(contract.events, frame.event) ? contract.events[frame.event] : undefined;
      if (!def) return;
      const payload = def.payload.safeParse(frame.payload);
      if (!payload.success) {
        options.onProtocolError?.(new RpcError('MALFORMED_FRAME', `${peer} sent an invalid "${frame.event}" event.`));
        return;
      }
      for (const listener of listeners.get(frame.event) ?? []) {
        // A throwing listener must not starve the others nor escape into the transport's
        // data handler, where it would be an uncaught exception in Electron main.
        try {
          listener(payload.data);
        } catch (error) {
          (options.onListenerError ?? defaultListenerError)(frame.event, error);
        }
      }
    }
  });

  channel.onOversized((bytes) => {
    options.onProtocolError?.(new RpcError('FRAME_TOO_LARGE', `${peer} sent a frame of ${bytes} bytes; refused.`));
  });

  channel.onClose((reason) => {
    closedReason = reason || 'connection closed';
    for (const [id, entry] of pending) {
      settle(id);
      entry.reject(
        new RpcError('DISCONNECTED', `Lost the connection to ${peer} before it answered ${entry.method} (${closedReason}).`, {
          method: entry.method,
        }),
      );
    }
  });

  const call = (method: string, params: unknown, callOptions: { timeoutMs?: number } = {}): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (closedReason !== null) {
        reject(new RpcError('DISCONNECTED', `Not connected to ${peer} (${closedReason}).`, { method }));
        return;
      }
      const id = nextId++;
      const frame = JSON.stringify({ t: 'req', id, method, params });
      // The peer would refuse it without knowing which call it was: fail this call now instead.
      if (exceedsFrameLimit(frame, maxFrameBytes)) {
        reject(
          new RpcError('FRAME_TOO_LARGE', `The parameters of ${method} are too large to send (limit ${maxFrameBytes} bytes).`, {
            method,
          }),
        );
        return;
      }
      const limit = callOptions.timeoutMs ?? timeoutMs;
      const timer = setTimeout(() => {
        settle(id);
        reject(new RpcError('TIMEOUT', `${peer} did not answer ${method} within ${Math.round(limit / 100) / 10} s.`, { method }));
      }, limit);
      pending.set(id, { method, resolve, reject, timer });
      try {
        channel.send(frame);
      } catch (error) {
        settle(id);
        reject(new RpcError('DISCONNECTED', `Could not send ${method} to ${peer}: ${(error as Error).message}`, { method }));
      }
    });

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
    pending: () => pending.size,
    closed: () => closedReason !== null,
    close: () => channel.close(),
  };
}

function defaultListenerError(event: string, error: unknown): void {
  console.error(`A listener of "${event}" threw:`, error);
}
