import { BrowserWindow } from 'electron';

/**
 * The main window: the renderer is a sandboxed web page with an isolated preload and no Node.
 * The options are written out literally here (not built by a helper) so the Electronegativity
 * scan of the bundle can see every one of them; a test asserts them through a mocked constructor.
 */
export function createMainWindow(preloadPath: string): BrowserWindow {
  return new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    backgroundColor: '#0b0d12',
    show: false,
    title: 'LiveManager',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would otherwise open links in new windows, bypassing the window-open handler.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

export interface CloseBehaviour {
  /** The "close to tray" setting, read at the moment the window closes. */
  closeToTray: () => boolean;
  /** True once the user really quits (tray Quit, Cmd+Q): the window must then close. */
  isQuitting: () => boolean;
}

/** Closing the window hides it when "close to tray" is on, so lives keep running in the tray. */
export function keepInTrayOnClose(win: Pick<BrowserWindow, 'on' | 'hide'>, behaviour: CloseBehaviour): void {
  win.on('close', (event) => {
    if (behaviour.isQuitting() || !behaviour.closeToTray()) return;
    event.preventDefault();
    win.hide();
  });
}
