import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { RpcError } from '@shared/contract/errors';
import type { EventSource } from '@shared/rpc/channel-server';
import { IPC_CALL, IPC_EVENT, type IpcReply } from '@shared/rpc/ipc-channels';
import type { Router } from '@shared/rpc/router';
import type { CallContext } from '../../engine/context';

export interface IpcMountOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  router: Router<CallContext>;
  events: EventSource;
  /** True only for webContents this app created and whose frame is its own page. */
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
  /** The windows that should receive engine events. */
  recipients: () => readonly WebContents[];
}

/**
 * Mount the contract on Electron IPC: one invoke channel for calls, one send channel for
 * events. A call from a sender we did not create is refused before it reaches the router.
 */
export function mountIpc(options: IpcMountOptions): () => void {
  options.ipcMain.handle(IPC_CALL, async (event, method: unknown, params: unknown): Promise<IpcReply> => {
    if (!options.isTrustedSender(event)) {
      return { ok: false, error: new RpcError('FORBIDDEN', 'Call refused: it did not come from a LiveManager window.').toPayload() };
    }
    if (typeof method !== 'string') {
      return { ok: false, error: new RpcError('UNKNOWN_METHOD', 'Method name must be a string.').toPayload() };
    }
    const result = await options.router.call(method, params, { transport: 'ipc' });
    return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error };
  });
  const unsubscribe = options.events.subscribe((name, payload) => {
    for (const contents of options.recipients()) {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT, name, payload);
    }
  });
  return () => {
    unsubscribe();
    options.ipcMain.removeHandler(IPC_CALL);
  };
}
