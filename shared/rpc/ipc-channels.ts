import type { RpcErrorPayload } from '../contract/errors';

/** The two Electron IPC channels. Only the preload and electron/main/ipc may name them. */
export const IPC_CALL = 'livemanager:call';
export const IPC_EVENT = 'livemanager:event';

/** What main answers to an IPC_CALL: errors travel as data, since Electron flattens thrown errors. */
export type IpcReply = { ok: true; value: unknown } | { ok: false; error: RpcErrorPayload };
