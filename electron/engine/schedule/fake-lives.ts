import type { Live, LiveState } from '@shared/contract/lives';
import type { LiveControl } from './ports';

/**
 * A stand-in for the lives runtime in scheduler tests: lives in memory, a limit of simultaneous
 * runs, and a queue that starts waiting lives in due-time order as slots free. Every state
 * change is reported through `onChange`, as the `live.updated` event is in the engine.
 */
export class FakeLives implements LiveControl {
  readonly lives = new Map<string, Live>();
  /** Lives in the order they were asked to start, with the due time given. */
  readonly startCalls: { liveId: string; dueAt: number; at: number }[] = [];
  /** Lives in the order they actually went on air. */
  readonly wentLive: string[] = [];
  readonly stopCalls: { liveId: string; reason: string; at: number }[] = [];
  readonly #queue: { liveId: string; dueAt: number }[] = [];
  #runs = 0;
  onChange: (live: Live) => void = () => undefined;

  constructor(
    private readonly now: () => number,
    private readonly limit = Number.POSITIVE_INFINITY,
  ) {}

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
    this.#admit(liveId, dueAt);
    return Promise.resolve();
  }

  /** A manual start (lives.start), used to fill slots. */
  startNow(liveId: string): void {
    this.#admit(liveId, this.now());
  }

  stopScheduled(liveId: string, reason: string): Promise<void> {
    this.stopCalls.push({ liveId, reason, at: this.now() });
    this.finish(liveId);
    return Promise.resolve();
  }

  /** The run ends (stopped, or the source ran out): frees a slot for the earliest queued live. */
  finish(liveId: string): void {
    const live = this.lives.get(liveId);
    if (!live) return;
    if (live.state === 'queued') this.#queue.splice(this.#queue.findIndex((q) => q.liveId === liveId), 1);
    else if (live.state === 'live') this.#runs--;
    this.#set(liveId, 'ended');
    const next = this.#queue.shift();
    if (next) this.#goLive(next.liveId);
  }

  stateOf(liveId: string): LiveState | undefined {
    return this.lives.get(liveId)?.state;
  }

  #admit(liveId: string, dueAt: number): void {
    if (this.#runs >= this.limit) {
      this.#queue.push({ liveId, dueAt });
      this.#queue.sort((a, b) => a.dueAt - b.dueAt);
      this.#set(liveId, 'queued');
    } else {
      this.#goLive(liveId);
    }
  }

  #goLive(liveId: string): void {
    this.#runs++;
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
