import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { contract } from '@shared/contract';
import { buildTargetedApi } from '@shared/rpc/api';
import { IPC_CALL, IPC_EVENT, type IpcReply } from '@shared/rpc/ipc-channels';

// The only renderer-side file that touches ipcRenderer. The page sees named methods
// (`window.livemanager.system.info()`, `window.livemanager.target('vps-1').system.info()`),
// never channel names.
const listeners = new Map<string, Set<(payload: unknown) => void>>();
const keyOf = (target: string, event: string): string => `${target}\u0000${event}`;

ipcRenderer.on(IPC_EVENT, (_event: IpcRendererEvent, name: unknown, payload: unknown, target: unknown) => {
  if (typeof name !== 'string' || typeof target !== 'string') return;
  for (const listener of listeners.get(keyOf(target, name)) ?? []) listener(payload);
});

const api = buildTargetedApi(
  contract,
  async (target, method, input) => {
    const reply = (await ipcRenderer.invoke(IPC_CALL, method, input, target)) as IpcReply;
    if (reply.ok) return reply.value;
    // A plain object crosses contextBridge whole; an Error would lose its code and issues.
    // The page turns it back into an RpcError (reviveRpcErrors in the renderer bridge).
    throw reply.error;
  },
  (target, event, listener) => {
    const key = keyOf(target, event);
    const set = listeners.get(key) ?? new Set();
    set.add(listener);
    listeners.set(key, set);
    return () => {
      set.delete(listener);
    };
  },
);

contextBridge.exposeInMainWorld('livemanager', api);
