import type { Live, LiveState } from '@shared/contract/lives';
import { ProcessSlots } from '../../../electron/engine/lives/runtime/process-slots';
import type { LiveControl } from '../../../electron/engine/schedule/ports';

/**
 * A stand-in for the lives module in scheduler tests: lives in memory, admitted through the
 * restream runtime's real ProcessSlots (a limit, and a FIFO queue), so lives start in the order
 * the scheduler hands them over. Every state change is reported through `onChange`, as the
 * `live.updated` event is in the engine.
 */
export class FakeLives implements LiveControl {
  readonly lives = new Map<string, Live>();
  /** Lives in the order they were asked to start, with the due time given. */
  readonly startCalls: { liveId: string; dueAt: number; at: number }[] = [];
  /** Lives in the order they actually went on air. */
  readonly wentLive: string[] = [];
  readonly stopCalls: { liveId: string; reason: string; at: number }[] = [];
  readonly missed: { liveId: string; dueAt: number; reason: string }[] = [];
  readonly #slots: ProcessSlots;
  onChange: (live: Live) => void = () => undefined;

  constructor(
    private readonly now: () => number,
    limit = 1_000,
  ) {
    this.#slots = new ProcessSlots(limit);
  }

  add(fields: Partial<Live> & Pick<Live, 'id'>): Live {
    const iso = new Date(this.now()).toISOString();
    const live: Live = {
      title: `Live ${fields.id}`,
      ownerId: 'owner-1',
      source: { kind: 'testPattern' },
      destinations: [],
      encoding: { mode: 'auto' },
      loop: { kind: 'once' },
      start: { kind: 'manual' },
      end: { kind: 'none' },
      state: fields.start && fields.start.kind !== 'manual' ? 'scheduled' : 'draft',
      createdAt: iso,
      updatedAt: iso,
      ...fields,
    };
    this.lives.set(live.id, live);
    this.onChange(live);
    return live;
  }

  listScheduled(): Live[] {
    return [...this.lives.values()].filter((l) => l.start.kind !== 'manual');
  }

  get(liveId: string): Live | null {
    return this.lives.get(liveId) ?? null;
  }

  startScheduled(liveId: string, dueAt: number): Promise<void> {
    this.startCalls.push({ liveId, dueAt, at: this.now() });
    this.#admit(liveId);
    return Promise.resolve();
  }

  /** A manual start (lives.start), used to fill slots. */
  startNow(liveId: string): void {
    this.#admit(liveId);
  }

  stopScheduled(liveId: string, reason: string): Promise<void> {
    this.stopCalls.push({ liveId, reason, at: this.now() });
    this.finish(liveId);
    return Promise.resolve();
  }

  recordMissed(liveId: string, dueAt: number, reason: string): void {
    this.missed.push({ liveId, dueAt, reason });
    this.#set(liveId, 'failed');
  }

  /** The run ends (stopped, or the source ran out): its slot goes to the first queued live. */
  finish(liveId: string): void {
    if (!this.lives.has(liveId)) return;
    this.#set(liveId, 'ended');
    this.#slots.release(liveId);
  }

  stateOf(liveId: string): LiveState | undefined {
    return this.lives.get(liveId)?.state;
  }

  #admit(liveId: string): void {
    this.#set(liveId, 'queued');
    if (this.#slots.request(liveId, 1, () => this.#goLive(liveId))) this.#goLive(liveId);
  }

  #goLive(liveId: string): void {
    this.wentLive.push(liveId);
    this.#set(liveId, 'live', `run-${liveId}-${this.wentLive.length}`);
  }

  #set(liveId: string, state: LiveState, runId?: string): void {
    const live = this.lives.get(liveId);
    if (!live) return;
    const next: Live = { ...live, state, updatedAt: new Date(this.now()).toISOString() };
    if (runId !== undefined) next.currentRunId = runId;
    this.lives.set(liveId, next);
    this.onChange(next);
  }
}
