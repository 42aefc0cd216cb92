/**
 * What the engine's domains report for people to know about. The lives runtime, the scheduler
 * and the accounts domain call `notices.emit()`; the notifications module turns each notice into a
 * `notification` event and e-mails. Emitting never throws and never waits: a live must not be
 * delayed or failed by a notification.
 */
interface LiveNoticeBase {
  readonly liveId: string;
  readonly ownerId: string;
  /** The live's title, as the streamer named it. */
  readonly title: string;
}

export type EngineNotice =
  | (LiveNoticeBase & { readonly kind: 'live.started' | 'live.ended' })
  | (LiveNoticeBase & { readonly kind: 'live.failed'; readonly reason: string })
  | (LiveNoticeBase & { readonly kind: 'live.reconnecting'; readonly count: number; readonly windowMinutes: number })
  /** Slower than real time for a while (speed, e.g. 0.48): the machine cannot keep up. */
  | (LiveNoticeBase & { readonly kind: 'live.degraded'; readonly speed: number })
  | (LiveNoticeBase & { readonly kind: 'schedule.missed'; readonly dueAt: string })
  | (LiveNoticeBase & { readonly kind: 'preflight.warning'; readonly problems: readonly string[] })
  | { readonly kind: 'user.registered' | 'user.approved' | 'user.refused'; readonly userId: string; readonly email: string };

export type NoticeListener = (notice: EngineNotice) => void;

export class NoticeBus {
  readonly #listeners = new Set<NoticeListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  emit(notice: EngineNotice): void {
    for (const listener of this.#listeners) {
      try {
        listener(notice);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  subscribe(listener: NoticeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
