/** What the tray shows: derived from the engine's lives, nothing else. */
export interface TrayState {
  running: { id: string; title: string }[];
  nextScheduled?: { id: string; title: string; startsAt: string } | undefined;
  anyError: boolean;
}

export const IDLE_TRAY_STATE: TrayState = Object.freeze({ running: [], anyError: false });

/**
 * Where the tray reads lives from and sends its commands. The app wires it to the local engine's
 * `lives.*` methods (see lives-tray-source.ts); tests give a fake.
 */
export interface TrayStateSource {
  current(): TrayState;
  /** Called after every change (a live started, stopped, failed…). */
  onChange(listener: (state: TrayState) => void): () => void;
  stop(liveId: string): Promise<void>;
  startNow(liveId: string): Promise<void>;
  stopAll(): Promise<void>;
}

export type TrayIconName = 'idle' | 'live' | 'error';

/** Error wins over live: a failing destination must be noticed even while others stream. */
export function trayIconName(state: TrayState): TrayIconName {
  if (state.anyError) return 'error';
  return state.running.length > 0 ? 'live' : 'idle';
}
