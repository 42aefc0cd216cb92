import type { MenuItemConstructorOptions } from 'electron';
import type { TrayState } from './tray-state';

export interface TrayActions {
  stop(liveId: string): void;
  startNow(liveId: string): void;
  stopAll(): void;
  open(): void;
  quit(): void;
}

export interface TrayLabels {
  noLive: string;
  running: (count: number) => string;
  stop: string;
  nextScheduled: (startsAt: string) => string;
  startNow: string;
  stopAll: string;
  open: string;
  quit: string;
}

export const TRAY_LABELS: Record<'en' | 'fr', TrayLabels> = {
  en: {
    noLive: 'No live running',
    running: (n) => (n === 1 ? '1 live running' : `${n} lives running`),
    stop: 'Stop',
    nextScheduled: (at) => `Next: ${at}`,
    startNow: 'Start now',
    stopAll: 'Stop all',
    open: 'Open LiveManager',
    quit: 'Quit',
  },
  fr: {
    noLive: 'Aucun live en cours',
    running: (n) => (n === 1 ? '1 live en cours' : `${n} lives en cours`),
    stop: 'Arrêter',
    nextScheduled: (at) => `Prochain : ${at}`,
    startNow: 'Démarrer maintenant',
    stopAll: 'Tout arrêter',
    open: 'Ouvrir LiveManager',
    quit: 'Quitter',
  },
};

const MAX_TITLE = 48;
const shorten = (title: string): string => (title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title);
/** `&` is an accelerator marker in menu labels on Windows and Linux. */
const plain = (title: string): string => shorten(title).replaceAll('&', '&&');

/**
 * The tray menu for a state, pure: each running live with Stop, the next scheduled live with
 * Start now, Stop all, Open LiveManager, Quit. `formatTime` turns the ISO start into local words.
 */
export function buildTrayMenu(
  state: TrayState,
  actions: TrayActions,
  labels: TrayLabels = TRAY_LABELS.en,
  formatTime: (iso: string) => string = (iso) => iso,
): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  if (state.running.length === 0) {
    items.push({ id: 'status', label: labels.noLive, enabled: false });
  } else {
    items.push({ id: 'status', label: labels.running(state.running.length), enabled: false });
    for (const live of state.running) {
      items.push({
        id: `live:${live.id}`,
        label: plain(live.title),
        submenu: [{ id: `stop:${live.id}`, label: labels.stop, click: () => actions.stop(live.id) }],
      });
    }
  }
  if (state.nextScheduled) {
    const next = state.nextScheduled;
    items.push({ type: 'separator' });
    items.push({
      id: 'next',
      label: `${labels.nextScheduled(formatTime(next.startsAt))} — ${plain(next.title)}`,
      enabled: false,
    });
    items.push({ id: `start:${next.id}`, label: labels.startNow, click: () => actions.startNow(next.id) });
  }
  items.push({ type: 'separator' });
  items.push({ id: 'stop-all', label: labels.stopAll, enabled: state.running.length > 0, click: () => actions.stopAll() });
  items.push({ id: 'open', label: labels.open, click: () => actions.open() });
  items.push({ type: 'separator' });
  items.push({ id: 'quit', label: labels.quit, click: () => actions.quit() });
  return items;
}
