import type { Live } from '@shared/contract/lives';
import type { EngineNotice } from '../notifications/notice-bus';

/**
 * What the scheduler needs from the lives domain and its runtime. The lives module implements
 * it; tests use a fake with a slot limit. Kept this narrow so the scheduler never reaches into
 * another domain's tables.
 */
export interface LiveControl {
  /** Every live whose start is `once` or `recurring`, whatever its state. */
  listScheduled(): Live[];
  get(liveId: string): Live | null;
  /**
   * Start a run of this live because its scheduled time `dueAt` came. When the engine's limit of
   * simultaneous lives is reached the run waits in `queued`; the runtime's queue is FIFO, and the
   * scheduler calls this in `dueAt` order, so queued lives start in due-time order.
   */
  startScheduled(liveId: string, dueAt: number): Promise<void>;
  /**
   * Write in the live's history that its start at `dueAt` was missed (the engine was down or
   * asleep past the grace window).
   */
  recordMissed(liveId: string, dueAt: number, reason: string): void;
  /** Stop a running live because its end (time, duration, loops) came. */
  stopScheduled(liveId: string, reason: string): Promise<void>;
}

/** Where the scheduler reports what a person should know (the notifications domain's bus). */
export interface NoticeSink {
  emit(notice: EngineNotice): void;
}

/** How long the source plays once, for `afterLoops` when the runtime cannot count loops. */
export type SourceDurationProbe = (live: Live) => Promise<number | null>;
