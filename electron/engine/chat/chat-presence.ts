/** Presence is pushed to a room at most this often: a thousand joins make a few messages, not a thousand. */
const PUSH_EVERY_MS = 500;

/**
 * Who is in each room: distinct chatters with at least one connection (two tabs count once),
 * here and, over Redis, on the other engines (their counts arrive by `setRemote`).
 */
export class ChatPresence {
  readonly #local = new Map<string, Map<string, number>>();
  readonly #remote = new Map<string, Map<string, number>>();
  /** Rooms to push, and whether their local count changed (then the other engines are told too). */
  readonly #dirty = new Map<string, boolean>();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly push: (room: string, count: number) => void) {}

  join(room: string, chatterId: string): void {
    const chatters = this.#local.get(room) ?? new Map<string, number>();
    chatters.set(chatterId, (chatters.get(chatterId) ?? 0) + 1);
    this.#local.set(room, chatters);
    this.#changed(room);
  }

  leave(room: string, chatterId: string): void {
    const chatters = this.#local.get(room);
    const left = (chatters?.get(chatterId) ?? 1) - 1;
    if (left > 0) chatters?.set(chatterId, left);
    else chatters?.delete(chatterId);
    if (chatters?.size === 0) this.#local.delete(room);
    this.#changed(room);
  }

  localCount(room: string): number {
    return this.#local.get(room)?.size ?? 0;
  }

  /** Another engine's count for a room (over Redis). */
  setRemote(engineId: string, room: string, count: number): void {
    const rooms = this.#remote.get(engineId) ?? new Map<string, number>();
    if (count > 0) rooms.set(room, count);
    else rooms.delete(room);
    this.#remote.set(engineId, rooms);
    this.#changed(room, false);
  }

  count(room: string): number {
    let total = this.localCount(room);
    for (const rooms of this.#remote.values()) total += rooms.get(room) ?? 0;
    return total;
  }

  /** Rooms whose local count changed since the last push (the relay tells the other engines). */
  onLocalChange: ((room: string, count: number) => void) | undefined;

  #changed(room: string, local = true): void {
    this.#dirty.set(room, local || this.#dirty.get(room) === true);
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      for (const [dirty, local] of this.#dirty) {
        this.push(dirty, this.count(dirty));
        if (local) this.onLocalChange?.(dirty, this.localCount(dirty));
      }
      this.#dirty.clear();
    }, PUSH_EVERY_MS);
    this.#timer.unref();
  }

  close(): void {
    clearTimeout(this.#timer);
  }
}
