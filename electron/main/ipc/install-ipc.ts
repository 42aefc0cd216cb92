import { ipcMain, type WebContents } from 'electron';
import type { EventSource } from '@shared/rpc/channel-server';
import type { Router } from '@shared/rpc/router';
import type { CallContext } from '../../engine/context';
import type { TargetRegistry } from '../targets/target-registry';
import { dropElectronStoreChannel } from './electron-store-channel';
import { mountIpc, type IpcBridge } from './ipc-router';
import { createSenderCheck } from './sender-check';

export interface InstallIpcOptions {
  targets: TargetRegistry;
  /** Main's own answers to the host namespaces (shell, settings, targets), and its events. */
  host: Router<CallContext>;
  hostEvents: EventSource;
  /** The webContents of the app's windows, the only senders and recipients. */
  windows: () => readonly WebContents[];
  isAppUrl: (url: string) => boolean;
  log: (message: string) => void;
}

/** The one place main touches ipcMain: the contract bridge, with the sender check. */
export function installIpc(options: InstallIpcOptions): IpcBridge {
  dropElectronStoreChannel(ipcMain);
  return mountIpc({
    ipcMain,
    targets: options.targets,
    host: options.host,
    hostEvents: options.hostEvents,
    isTrustedSender: createSenderCheck({ ownContents: options.windows, isAppUrl: options.isAppUrl }),
    recipients: options.windows,
    onRefused: (reason) => options.log(`IPC refused: ${reason}`),
  });
}
