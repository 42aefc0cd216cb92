import { ACTIVE_STATES, isActive } from '@shared/lives/state-machine';
import { LIVES_PAGE, type Live, type LiveState } from '@shared/contract/lives';
import { readAllPages } from '@shared/contract/paging';
import { nextStartAt } from '@shared/schedule/plan';
import type { EngineApi } from '../targets/target-api';
import type { TrayState, TrayStateSource } from './tray-state';
import { IDLE_TRAY_STATE } from './tray-state';

const FAILING: ReadonlySet<Live['state']> = new Set(['failed', 'reconnecting']);
/** The only lives the tray shows (active ones get a Stop item): it asks for these, not for every live. */
const SHOWN: LiveState[] = [...ACTIVE_STATES, 'failed', 'scheduled'];

/** Pure: the tray state for a list of lives at `nowMs`. */
export function trayStateOf(lives: readonly Live[], nowMs: number): TrayState {
  const running = lives.filter((l) => isActive(l.state)).map((l) => ({ id: l.id, title: l.title }));
  let next: TrayState['nextScheduled'];
  for (const live of lives) {
    if (live.state !== 'scheduled') continue;
    let at: number | null;
    try {
      at = nextStartAt(live.start, nowMs);
    } catch {
      continue; // a broken schedule is the engine's to report, not the tray's
    }
    if (at === null) continue;
    if (!next || at < Date.parse(next.startsAt)) next = { id: live.id, title: live.title, startsAt: new Date(at).toISOString() };
  }
  return { running, nextScheduled: next, anyError: lives.some((l) => FAILING.has(l.state)) };
}

export interface LivesTraySourceOptions {
  /** The local engine's typed API (see targets/target-api.ts). */
  api: Pick<EngineApi, 'lives' | 'on'>;
  now?: () => number;
  log?: (message: string) => void;
}

/** A TrayStateSource over `lives.list` / `lives.start` / `lives.stop` and the `live.*` events. */
export function livesTraySource(options: LivesTraySourceOptions): TrayStateSource & { refresh(): Promise<void>; close(): void } {
  const { api } = options;
  const listeners = new Set<(state: TrayState) => void>();
  const now = options.now ?? Date.now;
  let state: TrayState = IDLE_TRAY_STATE;
  let lives: Live[] = [];
  const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

  const listShown = (): Promise<Live[]> =>
    readAllPages((cursor) => api.lives.list({ state: SHOWN, limit: LIVES_PAGE.maxLimit, ...(cursor ? { cursor } : {}) }));
  const refresh = async (): Promise<void> => {
    try {
      lives = await listShown();
    } catch (error) {
      options.log?.(`Tray could not list lives: ${message(error)}`);
      return;
    }
    state = trayStateOf(lives, now());
    for (const listener of listeners) listener(state);
  };
  const command = async (action: 'start' | 'stop', liveId: string): Promise<void> => {
    try {
      await (action === 'start' ? api.lives.start({ liveId }) : api.lives.stop({ liveId }));
    } catch (error) {
      options.log?.(`lives.${action} from the tray failed: ${message(error)}`);
    }
  };
  const offs = [api.on('live.updated', () => void refresh()), api.on('live.deleted', () => void refresh())];

  return {
    refresh,
    current: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: (liveId) => command('stop', liveId),
    startNow: (liveId) => command('start', liveId),
    async stopAll() {
      await Promise.all(lives.filter((l) => isActive(l.state) && l.state !== 'stopping').map((l) => command('stop', l.id)));
    },
    close: () => offs.forEach((off) => off()),
  };
}
