import type { Live } from '@shared/contract/lives';
import type { RpcResult } from '@shared/rpc/router';
import { nextStartAt } from '@shared/schedule/plan';
import type { TrayState, TrayStateSource } from './tray-state';
import { IDLE_TRAY_STATE } from './tray-state';

/** States in which a live holds FFmpeg (or is about to): the tray offers Stop for them. */
const RUNNING: ReadonlySet<Live['state']> = new Set(['queued', 'starting', 'live', 'reconnecting', 'stopping']);
const FAILING: ReadonlySet<Live['state']> = new Set(['failed', 'reconnecting']);

/** Pure: the tray state for a list of lives at `nowMs`. */
export function trayStateOf(lives: readonly Live[], nowMs: number): TrayState {
  const running = lives.filter((l) => RUNNING.has(l.state)).map((l) => ({ id: l.id, title: l.title }));
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
  /** The local engine's router call (through the target registry). */
  call: (method: string, params: unknown) => Promise<RpcResult>;
  /** The engine's events: a live change triggers a refresh. */
  subscribe: (listener: (event: string, payload: unknown) => void) => () => void;
  now?: () => number;
  log?: (message: string) => void;
}

/** A TrayStateSource over `lives.list` / `lives.start` / `lives.stop` and the `live.*` events. */
export function livesTraySource(options: LivesTraySourceOptions): TrayStateSource & { refresh(): Promise<void>; close(): void } {
  const listeners = new Set<(state: TrayState) => void>();
  const now = options.now ?? Date.now;
  let state: TrayState = IDLE_TRAY_STATE;
  let lives: Live[] = [];

  const refresh = async (): Promise<void> => {
    const result = await options.call('lives.list', {});
    if (!result.ok) {
      options.log?.(`Tray could not list lives: ${result.error.message}`);
      return;
    }
    lives = result.value as Live[];
    state = trayStateOf(lives, now());
    for (const listener of listeners) listener(state);
  };
  const command = async (method: string, liveId: string): Promise<void> => {
    const result = await options.call(method, { liveId });
    if (!result.ok) options.log?.(`${method} from the tray failed: ${result.error.message}`);
  };
  const unsubscribe = options.subscribe((event) => {
    if (event === 'live.updated' || event === 'live.deleted') void refresh();
  });

  return {
    refresh,
    current: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: (liveId) => command('lives.stop', liveId),
    startNow: (liveId) => command('lives.start', liveId),
    async stopAll() {
      await Promise.all(
        lives.filter((l) => RUNNING.has(l.state) && l.state !== 'stopping').map((l) => command('lives.stop', l.id)),
      );
    },
    close: () => unsubscribe(),
  };
}
