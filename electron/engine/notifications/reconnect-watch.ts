import type { Live } from '@shared/contract/lives';
import type { EngineNotice } from './notice-bus';

export interface ReconnectLimits {
  /** This many drops into `reconnecting` within the window is "too often". */
  count: number;
  windowMs: number;
}

export const DEFAULT_RECONNECT_LIMITS: ReconnectLimits = { count: 3, windowMs: 10 * 60_000 };

/**
 * Watches `live.updated` for lives falling into `reconnecting` and raises one
 * `live.reconnecting` notice when it happens too often — then stays quiet for a window, so a
 * flapping connection does not flood the owner's inbox.
 */
export class ReconnectWatch {
  readonly #drops = new Map<string, number[]>();
  readonly #last = new Map<string, string>();
  readonly #quietUntil = new Map<string, number>();

  constructor(
    private readonly emit: (notice: EngineNotice) => void,
    private readonly now: () => number,
    private readonly limits: ReconnectLimits = DEFAULT_RECONNECT_LIMITS,
  ) {}

  observe(live: Live): void {
    const previous = this.#last.get(live.id);
    this.#last.set(live.id, live.state);
    if (live.state !== 'reconnecting' || previous === 'reconnecting') {
      if (live.currentRunId === undefined) this.#forget(live.id);
      return;
    }
    const at = this.now();
    const recent = (this.#drops.get(live.id) ?? []).filter((t) => t > at - this.limits.windowMs);
    recent.push(at);
    this.#drops.set(live.id, recent);
    if (recent.length < this.limits.count || at < (this.#quietUntil.get(live.id) ?? 0)) return;
    this.#quietUntil.set(live.id, at + this.limits.windowMs);
    this.emit({
      kind: 'live.reconnecting',
      liveId: live.id,
      ownerId: live.ownerId,
      title: live.title,
      count: recent.length,
      windowMinutes: Math.round(this.limits.windowMs / 60_000),
    });
  }

  #forget(liveId: string): void {
    this.#drops.delete(liveId);
    this.#quietUntil.delete(liveId);
    this.#last.delete(liveId);
  }
}
