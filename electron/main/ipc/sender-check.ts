import type { IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';

export interface SenderCheckOptions {
  /** The webContents of the windows this app created. */
  ownContents: () => readonly WebContents[];
  /** True for a URL of the app's own page (its file:// entry or the dev server in development). */
  isAppUrl: (url: string) => boolean;
}

/**
 * Accept an IPC message only from our own window's top frame showing our own page: a webContents
 * we did not create, an iframe, or a page that navigated elsewhere is refused (as VS Code does).
 */
export function createSenderCheck(options: SenderCheckOptions): (event: IpcMainInvokeEvent | IpcMainEvent) => boolean {
  return (event) => {
    const sender = event.sender;
    if (!options.ownContents().some((contents) => contents === sender || contents.id === sender.id)) return false;
    const frame = event.senderFrame;
    if (!frame) return false; // the frame navigated or was destroyed while the message travelled
    if (frame !== sender.mainFrame && frame.routingId !== sender.mainFrame.routingId) return false;
    return options.isAppUrl(frame.url);
  };
}

/**
 * `isAppUrl` for a window loading `entryUrl`: same scheme, host and port (the app:// scheme in
 * production, the dev server in development); for file:// the very same file.
 */
export function appUrlMatcher(entryUrl: string): (url: string) => boolean {
  const entry = new URL(entryUrl);
  return (url) => {
    let candidate: URL;
    try {
      candidate = new URL(url);
    } catch {
      return false;
    }
    if (entry.protocol === 'file:') return candidate.protocol === 'file:' && candidate.pathname === entry.pathname;
    // URL.origin is "null" for custom schemes, so compare the parts.
    return candidate.protocol === entry.protocol && candidate.host === entry.host && !candidate.username && !candidate.password;
  };
}
