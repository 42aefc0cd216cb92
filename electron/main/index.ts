import { app, protocol } from 'electron';
import { guardAllWebContents, startDesktopApp } from './app/desktop-app';
import { appUrlMatcher } from './ipc/sender-check';
import { APP_ENTRY_URL, registerAppScheme } from './windows/app-protocol';

// Electron glue only: windows, IPC, OS services. Streaming logic lives in electron/engine.
registerAppScheme(protocol); // must happen before "ready"

if (!app.requestSingleInstanceLock()) {
  // A second launch only brings the first one's window forward (its "second-instance" handler).
  app.quit();
} else {
  const devServer = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  guardAllWebContents(appUrlMatcher(devServer ?? APP_ENTRY_URL));
  void app
    .whenReady()
    .then(startDesktopApp)
    .catch((error: unknown) => {
      console.error('[main] LiveManager could not start', error);
      app.exit(1);
    });
}
