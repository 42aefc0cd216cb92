import path from 'node:path';
import {
  app,
  dialog,
  Menu,
  nativeImage,
  net,
  Notification,
  protocol,
  safeStorage,
  session,
  Tray,
  type BrowserWindow,
} from 'electron';
import { LOCAL_TARGET } from '@shared/rpc/api';
import { createEngine, type Engine } from '../../engine/engine';
import { pickLoopbackPort } from '../../engine/http/loopback-port';
import { installIpc } from '../ipc/install-ipc';
import { appUrlMatcher } from '../ipc/sender-check';
import { createNotifier, isEngineNotice } from '../notifications/native-notifications';
import { openSecretStore } from '../secrets/open-secret-store';
import { contentSecurityPolicy, installContentSecurityPolicy } from '../security/content-security-policy';
import { guardNavigation } from '../security/navigation-guard';
import { openInBrowser } from '../security/open-in-browser';
import { installPermissionPolicy } from '../security/permission-policy';
import { peekAllowUnprotectedSecrets } from '../settings/peek-settings';
import { openSettings } from '../settings/settings-store';
import type { HostContract } from '@shared/contract';
import { uiLanguageOf, type UiLanguage } from '@shared/contract/host-settings';
import { EventHub } from '@shared/rpc/event-hub';
import { ffmpegChoice } from '../host/ffmpeg-choice';
import { filePickers } from '../host/file-pickers';
import { desktopHostRouter } from '../host/host-methods';
import { localTarget } from '../targets/local-target';
import { PreviewProxy } from '../targets/ssh/preview-proxy';
import { sshConnector } from '../targets/ssh/ssh-connector';
import { TargetsService } from '../targets/targets-service';
import { targetApi } from '../targets/target-api';
import { TargetRegistry } from '../targets/target-registry';
import { createAppTray } from '../tray/app-tray';
import { livesTraySource } from '../tray/lives-tray-source';
import { TRAY_LABELS } from '../tray/tray-menu';
import { APP_ENTRY_URL, serveAppProtocol } from '../windows/app-protocol';
import { createMainWindow, keepInTrayOnClose } from '../windows/main-window';
import { syncLoginItem } from './login-item';
import { askStopLivesAndQuit, installQuitGuard } from './quit-guard';

const log = (message: string, error?: unknown): void => {
  console.log(`[main] ${message}`, ...(error === undefined ? [] : [error]));
};

/**
 * Wire the engine and the OS together once Electron is ready: secrets, settings, the local
 * engine target, security policies, the window, IPC, tray, notifications and quitting.
 * Each piece lives (and is tested) in its own module; this file only connects them.
 */
export async function startDesktopApp(): Promise<void> {
  const userData = app.getPath('userData');
  const devServer = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const entryUrl = devServer ?? APP_ENTRY_URL;
  const isAppUrl = appUrlMatcher(entryUrl);

  const secrets = await openSecretStore({ safeStorage, userData, allowBasicText: peekAllowUnprotectedSecrets(userData), log });
  const settings = await openSettings({ dir: userData, secrets: secrets.store, log });
  syncLoginItem(app, settings);

  // The preview server's port is fixed before the window loads: its CSP names that origin only.
  // So is the port of the proxy that brings VPS agents' previews through SSH.
  const previewPort = await pickLoopbackPort();
  const vpsPreviews = new PreviewProxy({ port: await pickLoopbackPort() });
  const engine: Engine = await createEngine({
    appVersion: app.getVersion(),
    dataDir: userData,
    secrets: secrets.store,
    mode: 'single-owner',
    ffmpegPath: settings.get().ffmpegPath ?? undefined,
    bundledFfmpegDir: app.isPackaged ? path.join(process.resourcesPath, 'ffmpeg') : undefined,
    previewPort,
    log,
  });
  const targets = new TargetRegistry();
  targets.add(localTarget(engine.router, engine.events));
  const hostEvents = new EventHub<HostContract>((error) => log('a host event listener failed', error));
  const agents = new TargetsService({
    registry: targets,
    store: { load: () => settings.get().agents, save: (list) => void settings.update({ agents: list }) },
    secrets: secrets.store,
    events: hostEvents,
    connector: sshConnector({
      secrets: secrets.store,
      appVersion: app.getVersion(),
      previews: vpsPreviews,
      nodeMirror: () => process.env.LIVEMANAGER_NODE_MIRROR,
    }),
    log,
  });

  const hlsOrigin = `http://127.0.0.1:${previewPort}`;
  const vpsPreviewOrigin = await vpsPreviews.origin();
  const policy = (): string =>
    contentSecurityPolicy({ hlsOrigin, vpsPreviewOrigin, devServerOrigin: devServer ? new URL(devServer).origin : undefined });
  installContentSecurityPolicy(session.defaultSession, policy);
  installPermissionPolicy(session.defaultSession, { isAppUrl });
  serveAppProtocol(protocol, net, path.join(import.meta.dirname, '../renderer'), policy);

  let mainWindow: BrowserWindow | undefined;
  const windows = (): BrowserWindow[] => (mainWindow && !mainWindow.isDestroyed() ? [mainWindow] : []);
  const host = desktopHostRouter({
    pickers: filePickers({ dialog, parent: () => windows()[0] }),
    chooseFfmpeg: ffmpegChoice({ dialog, parent: () => windows()[0], settings }),
    settings,
    targets: agents,
    events: hostEvents,
    log,
  });
  const bridge = installIpc({ targets, host, hostEvents, windows: () => windows().map((w) => w.webContents), isAppUrl, log });

  const traySource = livesTraySource({ api: targetApi(targets, LOCAL_TARGET), log });
  const quitGuard = installQuitGuard(app, {
    running: () => traySource.current().running,
    confirm: (titles) => askStopLivesAndQuit(dialog, windows()[0], titles),
    stopAll: () => traySource.stopAll(),
    log,
  });

  const showMainWindow = (): BrowserWindow => {
    if (!mainWindow || mainWindow.isDestroyed()) {
      const win = createMainWindow(path.join(import.meta.dirname, '../preload/index.cjs'));
      keepInTrayOnClose(win, { closeToTray: () => settings.get().closeToTray, isQuitting: quitGuard.isQuitting });
      win.once('ready-to-show', () => win.show());
      void win.loadURL(entryUrl);
      mainWindow = win;
      return win;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return mainWindow;
  };

  const notifier = createNotifier({
    Notification,
    preferences: () => settings.get().notifications,
    openLive: (liveId, target) => {
      showMainWindow();
      bridge.emit('shell.openLive', { liveId }, target);
    },
  });
  targets.subscribe((target, event, payload) => {
    if (event === 'notification' && isEngineNotice(payload)) notifier.show(payload, target);
  });

  const uiLanguage = (): UiLanguage => uiLanguageOf(settings.get().language, app.getPreferredSystemLanguages());
  const tray = createAppTray({
    createTray: (icon) => new Tray(icon),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    loadIcon: (file) => nativeImage.createFromPath(file),
    resourcesDir: path.join(app.getAppPath(), 'resources'),
    source: traySource,
    open: () => void showMainWindow(),
    quit: () => app.quit(),
    labels: () => TRAY_LABELS[uiLanguage()],
    formatTime: (iso) => new Date(iso).toLocaleString(uiLanguage(), { dateStyle: 'short', timeStyle: 'short' }),
  });
  settings.onChange(() => tray.render());
  void traySource.refresh();

  app.on('second-instance', () => void showMainWindow());
  app.on('activate', () => void showMainWindow());
  app.on('window-all-closed', () => {
    if (!settings.get().closeToTray) app.quit();
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault(); // finish FFmpeg and the database before the process goes
    closed = true;
    tray.destroy();
    traySource.close();
    host.close();
    bridge.dispose();
    void targets
      .closeAll()
      .then(() => vpsPreviews.close())
      .then(() => engine.close())
      .catch((error: unknown) => log('closing the engine failed', error))
      .finally(() => app.quit());
  });

  showMainWindow();
}

/** Guards every webContents the app ever creates, not only the main window's. */
export function guardAllWebContents(isAppUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => {
    guardNavigation(contents, {
      isAppUrl,
      openInBrowser,
      onBlocked: (kind, url) => log(`Blocked ${kind}${url ? ` to ${new URL(url).origin}` : ''}`),
    });
  });
}
