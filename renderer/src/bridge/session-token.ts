/**
 * The session a shared engine gave this tab at sign-in. It is bound to the WebSocket, so it is
 * presented again after a reconnection (api.ts) and after a reload of the tab. Kept for the
 * tab's life only (sessionStorage): closing the tab signs out of the browser build.
 */
const KEY = 'livemanager.session';

export const sessionToken = {
  get: (): string | null => sessionStorage.getItem(KEY),
  set: (token: string): void => sessionStorage.setItem(KEY, token),
  clear: (): void => sessionStorage.removeItem(KEY),
};
