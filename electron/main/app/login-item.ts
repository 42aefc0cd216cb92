import type { App } from 'electron';

/** Keep the OS login item in step with the "start at login" setting, now and on every change. */
export function syncLoginItem(
  app: Pick<App, 'setLoginItemSettings'>,
  settings: { get(): { startAtLogin: boolean }; onChange(listener: () => void): () => void },
): () => void {
  let applied: boolean | undefined;
  const apply = (): void => {
    const wanted = settings.get().startAtLogin;
    if (wanted === applied) return;
    applied = wanted;
    app.setLoginItemSettings({ openAtLogin: wanted });
  };
  apply();
  return settings.onChange(apply);
}
