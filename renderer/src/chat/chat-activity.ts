import type { ChatMessage } from '@shared/chat/chat-protocol';
import type { ChatView } from './chat-connection';
import { mentionsName } from './chat-mention';

/** What the activity reads: a ChatConnection, or anything that publishes chat views. */
export interface ChatFeed {
  readonly view: ChatView;
  subscribe(listener: (view: ChatView) => void): () => void;
}

export interface ChatActivityOptions {
  /** Whether the panel is open now (an open panel has nothing unread). */
  readonly open: boolean;
  /** A message of someone else that names this chatter. */
  readonly onMention: (message: ChatMessage) => void;
  /** The unread count changed. */
  readonly onUnread?: (unread: number) => void;
}

/**
 * What the streamer has not seen: messages of others that arrived while the panel was collapsed,
 * and a call for each new message that mentions the streamer's chat name. The history that comes
 * with a (re)join is not news, except messages the client had not seen before a reconnection.
 */
export class ChatActivity {
  #seen: Set<string> | null = null;
  #unread = 0;
  #open: boolean;
  readonly #options: ChatActivityOptions;
  readonly #off: () => void;

  constructor(feed: ChatFeed, options: ChatActivityOptions) {
    this.#options = options;
    this.#open = options.open;
    this.#read(feed.view);
    this.#off = feed.subscribe((view) => this.#read(view));
  }

  get unread(): number {
    return this.#unread;
  }

  setOpen(open: boolean): void {
    this.#open = open;
    if (open) this.#setUnread(0);
  }

  close(): void {
    this.#off();
  }

  #read(view: ChatView): void {
    if (view.status !== 'joined' || !view.me) return;
    const ids = new Set(view.messages.map((m) => m.id));
    if (this.#seen === null) {
      this.#seen = ids; // the first welcome's history
      return;
    }
    const me = view.me;
    let unread = this.#unread;
    for (const message of view.messages) {
      if (this.#seen.has(message.id) || message.chatterId === me.chatterId) continue;
      if (!this.#open) unread += 1;
      if (mentionsName(message.text, me.name)) this.#options.onMention(message);
    }
    // Only the ids still in the view: the list is capped, so this stays small.
    this.#seen = ids;
    this.#setUnread(unread);
  }

  #setUnread(unread: number): void {
    if (unread === this.#unread) return;
    this.#unread = unread;
    this.#options.onUnread?.(unread);
  }
}
