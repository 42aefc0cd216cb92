import { Alarm } from '../../time/alarm';
import type { Timers } from '../../time/timers';

export interface RefreshSchedulerOptions {
  readonly now: () => number;
  readonly timers: Timers;
  /** Run one refresh; must not throw (failures are recorded in the provider's status). */
  readonly run: (providerId: string, signal: AbortSignal) => Promise<void>;
  /** When the provider's next refresh is due after one that ended now (null: provider gone). */
  readonly nextDueAt: (providerId: string) => number | null;
  /** A refresh started or ended. */
  readonly onStateChange: (providerId: string) => void;
  readonly log: (message: string, error?: unknown) => void;
}

/**
 * When each provider refreshes: every provider's next due time behind one timer (the schedule
 * domain's Alarm, on an injectable clock), at most one refresh per provider at a time (asking
 * again while one runs joins it), and every running refresh cancelled when the engine closes.
 */
export class RefreshScheduler {
  readonly #alarm: Alarm<null>;
  readonly #running = new Map<string, { promise: Promise<void>; controller: AbortController }>();
  /** Providers changed while their refresh ran: refresh again when it ends. */
  readonly #again = new Set<string>();
  #closed = false;

  constructor(private readonly options: RefreshSchedulerOptions) {
    this.#alarm = new Alarm({
      now: options.now,
      timers: options.timers,
      // Wake at least hourly, so a laptop that slept past a due time catches up soon after waking.
      maxSleepMs: 3600_000,
      onDue: (due) => {
        for (const { key } of due) void this.refresh(key);
      },
    });
  }

  isRefreshing(providerId: string): boolean {
    return this.#running.has(providerId);
  }

  nextRefreshAt(providerId: string): number | null {
    return this.#alarm.get(providerId)?.dueAt ?? null;
  }

  schedule(providerId: string, dueAt: number): void {
    if (!this.#closed) this.#alarm.set(providerId, dueAt, null);
  }

  /**
   * Refresh now, or join the refresh already running. `restart`: the provider's source or login
   * changed, so a running refresh (with the old one) is followed by another.
   */
  refresh(providerId: string, options: { restart?: boolean } = {}): Promise<void> {
    const running = this.#running.get(providerId);
    if (running) {
      if (options.restart) this.#again.add(providerId);
      return running.promise;
    }
    if (this.#closed) return Promise.resolve();
    const controller = new AbortController();
    this.#alarm.delete(providerId);
    const promise = (async () => {
      try {
        await this.options.run(providerId, controller.signal);
      } catch (error) {
        this.options.log(`IPTV refresh of ${providerId} failed unexpectedly`, error);
      } finally {
        this.#running.delete(providerId);
        if (this.#again.delete(providerId) && !this.#closed) {
          void this.refresh(providerId);
        } else {
          const next = this.#closed ? null : this.options.nextDueAt(providerId);
          if (next !== null) this.#alarm.set(providerId, next, null);
          this.options.onStateChange(providerId);
        }
      }
    })();
    this.#running.set(providerId, { promise, controller });
    this.options.onStateChange(providerId);
    return promise;
  }

  /** The provider is gone: cancel its refresh and its timer. */
  async forget(providerId: string): Promise<void> {
    this.#alarm.delete(providerId);
    this.#again.delete(providerId);
    const running = this.#running.get(providerId);
    running?.controller.abort();
    await running?.promise;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#alarm.close();
    const running = [...this.#running.values()];
    for (const r of running) r.controller.abort();
    await Promise.all(running.map((r) => r.promise));
  }
}
