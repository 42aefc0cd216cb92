import type { WebContents } from 'electron';
import { isAllowedExternalUrl } from './external-links';

export interface NavigationGuardOptions {
  /** True for the app's own page; every other destination is refused. */
  isAppUrl: (url: string) => boolean;
  /** Opens an allow-listed link in the system browser (open-in-browser.ts). */
  openInBrowser: (url: string) => Promise<void>;
  onBlocked?: (kind: 'navigation' | 'popup' | 'webview', url: string) => void;
}

/**
 * The window never leaves the app: navigation and redirects away are blocked, `window.open` is
 * denied (an allow-listed https link opens in the system browser instead), and <webview> tags are
 * refused outright.
 */
export function guardNavigation(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  options: NavigationGuardOptions,
): void {
  const openOutside = (url: string): void => {
    if (isAllowedExternalUrl(url)) void options.openInBrowser(url).catch(() => undefined);
  };
  const block = (event: { preventDefault(): void }, url: string): void => {
    if (options.isAppUrl(url)) return;
    event.preventDefault();
    options.onBlocked?.('navigation', url);
    openOutside(url);
  };
  contents.on('will-navigate', (event, url) => block(event, url));
  contents.on('will-redirect', (event, url) => block(event, url));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.onBlocked?.('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    options.onBlocked?.('popup', url);
    openOutside(url);
    return { action: 'deny' };
  });
}
