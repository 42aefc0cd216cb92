import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { RpcError } from '@shared/contract/errors';
import { LOCAL_TARGET } from '@shared/rpc/api';
import { IPC_CALL, IPC_EVENT, type IpcReply } from '@shared/rpc/ipc-channels';
import { isHostNamespace } from '@shared/contract';
import type { EventSource } from '@shared/rpc/channel-server';
import type { Router, RpcResult } from '@shared/rpc/router';
import type { CallContext } from '../../engine/context';
import type { TargetRegistry } from '../targets/target-registry';

export interface IpcMountOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  targets: TargetRegistry;
  /** Answers the host namespaces (shell, settings, targets) itself: they never reach an engine. */
  host?: Router<CallContext>;
  /** Events main raises itself (settings.changed, targets.changed…), sent to windows untagged. */
  hostEvents?: EventSource;
  /** True only for webContents this app created and whose top frame shows its own page. */
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
  /** The windows that should receive engine events. */
  recipients: () => readonly WebContents[];
  /** Told about refused calls (never with their parameters, which may hold secrets). */
  onRefused?: (reason: string) => void;
  /** Calls one window may have running at once; more are refused with LIMIT_REACHED. */
  maxInFlightPerWindow?: number;
}

export interface IpcBridge {
  /** Push an event to every window, e.g. one main raises itself (a notification was clicked). */
  emit(event: string, payload: unknown, target?: string): void;
  dispose(): void;
}

const MAX_METHOD_NAME = 200;
/**
 * Far above what the app's pages ever have running; a page stuck in a loop of calls is refused
 * instead of piling work on the engines. (Events to windows have no such bound: Electron gives
 * main no view of a renderer's IPC queue, and our own page always reads it.)
 */
const DEFAULT_MAX_IN_FLIGHT = 64;

/**
 * Mount the contract on Electron IPC: one invoke channel for calls, one send channel for events
 * tagged with their target. A call in a host namespace is answered by main (`host`), whatever
 * target it names; any other is routed to the engine its target id names. A call from a sender
 * we did not create is refused before it reaches anything; every failure is a typed error.
 */
export function mountIpc(options: IpcMountOptions): IpcBridge {
  const refuse = (error: RpcError): IpcReply => {
    options.onRefused?.(error.message);
    return { ok: false, error: error.toPayload() };
  };
  const maxInFlight = options.maxInFlightPerWindow ?? DEFAULT_MAX_IN_FLIGHT;
  const inFlight = new Map<number, number>();
  options.ipcMain.handle(
    IPC_CALL,
    async (event, method: unknown, params: unknown, target: unknown = LOCAL_TARGET): Promise<IpcReply> => {
      if (!options.isTrustedSender(event)) {
        return refuse(new RpcError('FORBIDDEN', 'Call refused: it did not come from a LiveManager window.'));
      }
      if (typeof method !== 'string' || method.length > MAX_METHOD_NAME) {
        return refuse(new RpcError('UNKNOWN_METHOD', 'Method name must be a string of the form "namespace.method".'));
      }
      const sender = event.sender.id;
      const running = inFlight.get(sender) ?? 0;
      if (running >= maxInFlight) {
        return refuse(
          new RpcError('LIMIT_REACHED', `This window already has ${maxInFlight} calls running; ${method} was refused.`, {
            method,
          }),
        );
      }
      inFlight.set(sender, running + 1);
      try {
        const result = isHostNamespace(method)
          ? await (options.host?.call(method, params, { transport: 'ipc' }) ?? noHost(method))
          : await options.targets.call(target, method, params);
        return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error };
      } finally {
        const left = (inFlight.get(sender) ?? 1) - 1;
        if (left > 0) inFlight.set(sender, left);
        else inFlight.delete(sender);
      }
    },
  );

  const emit = (event: string, payload: unknown, target: string = LOCAL_TARGET): void => {
    for (const contents of options.recipients()) {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT, event, payload, target);
    }
  };
  const unsubscribe = options.targets.subscribe((target, event, payload) => emit(event, payload, target));
  // Host events are about the app, not an engine: tagged "local" so the page's root API hears them.
  const unsubscribeHost = options.hostEvents?.subscribe((event, payload) => emit(event, payload));
  return {
    emit,
    dispose() {
      unsubscribe();
      unsubscribeHost?.();
      options.ipcMain.removeHandler(IPC_CALL);
    },
  };
}

function noHost(method: string): Promise<RpcResult> {
  const error = new RpcError('UNKNOWN_METHOD', `${method.slice(0, 100)} is not available in this window.`, {
    method: method.slice(0, 100),
  });
  return Promise.resolve({ ok: false, error: error.toPayload() });
}
