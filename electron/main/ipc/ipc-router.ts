import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { RpcError } from '@shared/contract/errors';
import { LOCAL_TARGET } from '@shared/rpc/api';
import { IPC_CALL, IPC_EVENT, type IpcReply } from '@shared/rpc/ipc-channels';
import type { TargetRegistry } from '../targets/target-registry';

export interface IpcMountOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  targets: TargetRegistry;
  /** True only for webContents this app created and whose top frame shows its own page. */
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
  /** The windows that should receive engine events. */
  recipients: () => readonly WebContents[];
  /** Told about refused calls (never with their parameters, which may hold secrets). */
  onRefused?: (reason: string) => void;
}

export interface IpcBridge {
  /** Push an event to every window, e.g. one main raises itself (a notification was clicked). */
  emit(event: string, payload: unknown, target?: string): void;
  dispose(): void;
}

const MAX_METHOD_NAME = 200;

/**
 * Mount the contract on Electron IPC: one invoke channel for calls (routed by target id), one
 * send channel for events tagged with their target. A call from a sender we did not create is
 * refused before it reaches any engine; every failure comes back as a typed error.
 */
export function mountIpc(options: IpcMountOptions): IpcBridge {
  const refuse = (error: RpcError): IpcReply => {
    options.onRefused?.(error.message);
    return { ok: false, error: error.toPayload() };
  };
  options.ipcMain.handle(
    IPC_CALL,
    async (event, method: unknown, params: unknown, target: unknown = LOCAL_TARGET): Promise<IpcReply> => {
      if (!options.isTrustedSender(event)) {
        return refuse(new RpcError('FORBIDDEN', 'Call refused: it did not come from a LiveManager window.'));
      }
      if (typeof method !== 'string' || method.length > MAX_METHOD_NAME) {
        return refuse(new RpcError('UNKNOWN_METHOD', 'Method name must be a string of the form "namespace.method".'));
      }
      const result = await options.targets.call(target, method, params);
      return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error };
    },
  );

  const emit = (event: string, payload: unknown, target: string = LOCAL_TARGET): void => {
    for (const contents of options.recipients()) {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT, event, payload, target);
    }
  };
  const unsubscribe = options.targets.subscribe((target, event, payload) => emit(event, payload, target));
  return {
    emit,
    dispose() {
      unsubscribe();
      options.ipcMain.removeHandler(IPC_CALL);
    },
  };
}
