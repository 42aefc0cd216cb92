import path from 'node:path';
import type { Menu, NativeImage, Tray } from 'electron';
import { buildTrayMenu, type TrayActions, type TrayLabels } from './tray-menu';
import { trayIconName, type TrayIconName, type TrayState, type TrayStateSource } from './tray-state';

export interface AppTrayDeps {
  createTray: (icon: NativeImage) => Pick<Tray, 'setImage' | 'setContextMenu' | 'setToolTip' | 'on' | 'destroy'>;
  buildMenu: (template: ReturnType<typeof buildTrayMenu>) => Menu;
  loadIcon: (file: string) => NativeImage;
  /** resources/ in development, process.resourcesPath/resources when packaged. */
  resourcesDir: string;
  source: TrayStateSource;
  open: () => void;
  quit: () => void;
  labels: () => TrayLabels;
  formatTime: (iso: string) => string;
}

/** The file of a tray icon; Electron picks `@2x` beside it on HiDPI screens. */
export function trayIconFile(resourcesDir: string, name: TrayIconName): string {
  return path.join(resourcesDir, 'tray', `${name}.png`);
}

/** Glue: keep the tray's icon, tooltip and menu in step with the lives. */
export function createAppTray(deps: AppTrayDeps): { render(): void; destroy(): void } {
  const actions: TrayActions = {
    stop: (id) => void deps.source.stop(id),
    startNow: (id) => void deps.source.startNow(id),
    stopAll: () => void deps.source.stopAll(),
    open: deps.open,
    quit: deps.quit,
  };
  const tray = deps.createTray(deps.loadIcon(trayIconFile(deps.resourcesDir, 'idle')));
  tray.on('click', deps.open);
  const render = (state: TrayState = deps.source.current()): void => {
    const labels = deps.labels();
    tray.setImage(deps.loadIcon(trayIconFile(deps.resourcesDir, trayIconName(state))));
    tray.setToolTip(state.running.length ? `LiveManager — ${labels.running(state.running.length)}` : 'LiveManager');
    tray.setContextMenu(deps.buildMenu(buildTrayMenu(state, actions, labels, deps.formatTime)));
  };
  const unsubscribe = deps.source.onChange(render);
  render();
  return {
    render: () => render(),
    destroy() {
      unsubscribe();
      tray.destroy();
    },
  };
}
