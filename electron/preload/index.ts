import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { contract } from '@shared/contract';
import { buildApi } from '@shared/rpc/api';
import { IPC_CALL, IPC_EVENT, type IpcReply } from '@shared/rpc/ipc-channels';
import { RpcError } from '@shared/contract/errors';

// The only file that touches ipcRenderer. The renderer sees named methods, never channel names.
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const api = buildApi(
  contract,
  async (method, input) => {
    const reply = (await ipcRenderer.invoke(IPC_CALL, method, input)) as IpcReply;
    if (reply.ok) return reply.value;
    throw RpcError.fromPayload(reply.error);
  },
  (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
);

contextBridge.exposeInMainWorld('livemanager', api);
