/**
 * A desktop notification from the renderer. In the Electron app the Web Notification API is the
 * host's own: Electron shows it as a native notification. In the browser build (web host) it is
 * the browser's, after the user allows it. Nothing is shown where neither exists or it is denied.
 */
export function showDesktopNotice(title: string, body: string): void {
  if (typeof Notification === 'undefined') return;
  const show = (): void => void new Notification(title, { body });
  if (Notification.permission === 'granted') show();
  else if (Notification.permission === 'default')
    void Notification.requestPermission().then((permission) => permission === 'granted' && show());
}
