import path from 'node:path';
import { app, BrowserWindow, ipcMain } from 'electron';
import { createEngine } from '../engine/engine';
import { MemorySecretStore } from '../engine/secrets/secret-store';
import { mountIpc } from './ipc/ipc-router';
import { localTarget } from './targets/local-target';
import { TargetRegistry } from './targets/target-registry';

// Electron glue only: windows, IPC, OS services. Streaming logic lives in electron/engine.
const windows = new Set<BrowserWindow>();

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    backgroundColor: '#0b0d12',
    show: false,
    webPreferences: {
      preload: path.join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  win.once('ready-to-show', () => win.show());
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(path.join(import.meta.dirname, '../renderer/index.html'));
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(async () => {
    const engine = await createEngine({
      appVersion: app.getVersion(),
      dataDir: app.getPath('userData'),
      secrets: new MemorySecretStore(),
      mode: 'single-owner',
    });
    const targets = new TargetRegistry();
    targets.add(localTarget(engine.router, engine.events));
    mountIpc({
      ipcMain,
      targets,
      isTrustedSender: (event) => [...windows].some((w) => w.webContents.id === event.sender.id),
      recipients: () => [...windows].map((w) => w.webContents),
    });
    createWindow();
  });
}
