/** A busy room's messages go out together at most this often; a quiet room's go at once. */
export const CHAT_BATCH_MS = 25;

/**
 * Room broadcasts, with a busy room's messages bundled: the first message after a pause goes at
 * once as `message`; those arriving within CHAT_BATCH_MS of the last send wait for the next
 * flush and go as one `messages` frame (oldest first). At 100 messages a second this is a
 * quarter of the writes per client, each encoded once for the whole room, for at most 25 ms more.
 * Any other event to the room flushes first, so a client never sees `deleted` before its message.
 */
export class ChatBatcher {
  readonly #pending = new Map<string, unknown[]>();
  readonly #lastSent = new Map<string, number>();
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly emit: (room: string, event: string, payload: unknown) => void,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  toRoom(room: string, event: string, payload: unknown): void {
    if (event !== 'message') {
      this.flush(room);
      this.emit(room, event, payload);
      return;
    }
    const pending = this.#pending.get(room);
    if (pending) return void pending.push(payload);
    const since = this.clock() - (this.#lastSent.get(room) ?? Number.NEGATIVE_INFINITY);
    if (since >= CHAT_BATCH_MS) {
      this.#lastSent.set(room, this.clock());
      this.emit(room, 'message', payload);
      return;
    }
    this.#pending.set(room, [payload]);
    const timer = setTimeout(() => this.flush(room), CHAT_BATCH_MS - since);
    timer.unref();
    this.#timers.set(room, timer);
  }

  flush(room: string): void {
    const pending = this.#pending.get(room);
    if (!pending) return;
    clearTimeout(this.#timers.get(room));
    this.#timers.delete(room);
    this.#pending.delete(room);
    this.#lastSent.set(room, this.clock());
    if (pending.length === 1) this.emit(room, 'message', pending[0]);
    else this.emit(room, 'messages', pending);
  }

  close(): void {
    for (const room of [...this.#pending.keys()]) this.flush(room);
    this.#lastSent.clear();
  }
}
