import type { BrowserWindow, Dialog } from 'electron';

/** The part of Electron's `app` the guard needs. */
export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface QuitGuardDeps {
  /** Lives holding FFmpeg right now (on this computer: quitting stops them). */
  running: () => readonly { id: string; title: string }[];
  /** Ask the user; true means "stop them and quit". */
  confirm: (titles: readonly string[]) => Promise<boolean>;
  /** Stop every running live gracefully before the process goes. */
  stopAll: () => Promise<void>;
  log?: (message: string) => void;
}

/**
 * Quitting while lives run asks first: `before-quit` is held, the user chooses, and only then
 * are the lives stopped and the quit replayed. `isQuitting()` tells the window not to hide in the
 * tray during a real quit.
 */
export function installQuitGuard(app: QuittableApp, deps: QuitGuardDeps): { isQuitting(): boolean } {
  let quitting = false;
  let asking = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    const running = deps.running();
    if (running.length === 0) {
      quitting = true;
      return;
    }
    event.preventDefault();
    if (asking) return; // a second Cmd+Q while the dialog is open
    asking = true;
    void deps
      .confirm(running.map((live) => live.title))
      .then(async (confirmed) => {
        if (!confirmed) return;
        await deps.stopAll().catch((error: unknown) => deps.log?.(`Stopping lives before quitting failed: ${String(error)}`));
        quitting = true;
        app.quit();
      })
      .finally(() => {
        asking = false;
      });
  });
  return { isQuitting: () => quitting };
}

/** The question itself, a native dialog attached to the window when there is one. */
export async function askStopLivesAndQuit(
  dialog: Pick<Dialog, 'showMessageBox'>,
  window: BrowserWindow | undefined,
  titles: readonly string[],
): Promise<boolean> {
  const shown = titles.slice(0, 5).map((t) => `• ${t}`);
  if (titles.length > 5) shown.push(`… and ${titles.length - 5} more`);
  const options = {
    type: 'warning' as const,
    buttons: ['Stop lives and quit', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
    message: titles.length === 1 ? 'A live is running. Quit anyway?' : `${titles.length} lives are running. Quit anyway?`,
    detail: `Quitting stops them on this computer:\n${shown.join('\n')}`,
  };
  const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return response === 0;
}
