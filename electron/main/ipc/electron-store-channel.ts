import type { IpcMain } from 'electron';

/**
 * electron-store answers `electron-store-get-data` (userData path, app version) to any renderer
 * that asks. Ours never needs it (settings go through the contract), so the listener is removed:
 * main answers no IPC but the checked contract channel.
 */
export function dropElectronStoreChannel(ipcMain: Pick<IpcMain, 'removeAllListeners'>): void {
  ipcMain.removeAllListeners('electron-store-get-data');
}
