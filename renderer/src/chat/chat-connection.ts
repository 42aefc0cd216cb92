import { io, type Socket } from 'socket.io-client';
import {
  CHAT_SOCKET_PATH,
  type ChatAuth,
  type ChatMessage,
  type ChatRefusal,
  type ChatWelcome,
  type ModerateFrame,
} from '@shared/chat/chat-protocol';
import type { ChatReaction } from '@shared/chat/chat-text';

/** What a chat view draws: the room as this client knows it. */
export interface ChatView {
  readonly status: 'connecting' | 'joined' | 'refused' | 'offline';
  readonly me: { readonly chatterId: string; readonly name: string; readonly role: ChatWelcome['role'] } | null;
  readonly messages: readonly ChatMessage[];
  readonly pinned: ChatMessage | null;
  readonly presence: number;
  readonly slowModeSeconds: number;
  readonly mutedUntil: string | null;
  /** Why the room closed on this client, or why the last frame was refused. */
  readonly refusal: ChatRefusal | null;
}

type Answer = { ok: true } | ChatRefusal;

/**
 * One client of a chat room, shared by the watch page and the app's panel: joins with a name (or
 * a chat token), keeps the room's messages, pin and presence as the server pushes them, and
 * sends frames. Reconnects with the chat token it was given, never the first name again.
 */
export class ChatConnection {
  #view: ChatView = {
    status: 'connecting',
    me: null,
    messages: [],
    pinned: null,
    presence: 0,
    slowModeSeconds: 0,
    mutedUntil: null,
    refusal: null,
  };
  readonly #socket: Socket;
  readonly #listeners = new Set<(view: ChatView) => void>();

  constructor(base: string, auth: ChatAuth) {
    this.#socket = io(base, { path: CHAT_SOCKET_PATH, transports: ['websocket'], auth, reconnectionAttempts: 20 });
    const s = this.#socket;
    s.on('connect_error', (error: Error & { data?: ChatRefusal }) => {
      if (error.data) {
        s.disconnect();
        this.#set({ status: 'refused', refusal: error.data });
      } else this.#set({ status: 'offline' });
    });
    s.on('disconnect', () => this.#view.status === 'joined' && this.#set({ status: 'offline' }));
    s.on('welcome', (welcome: ChatWelcome) => {
      s.auth = { chatToken: welcome.chatToken };
      this.#set({
        status: 'joined',
        me: { chatterId: welcome.chatterId, name: welcome.name, role: welcome.role },
        messages: welcome.history,
        pinned: welcome.pinned,
        presence: welcome.presence,
        slowModeSeconds: welcome.slowModeSeconds,
        refusal: null,
      });
    });
    s.on('message', (message: ChatMessage) => this.#set({ messages: [...this.#view.messages, message].slice(-500) }));
    // A busy room's messages come bundled (engine chat-batcher.ts), oldest first.
    s.on('messages', (bundle: ChatMessage[]) => this.#set({ messages: [...this.#view.messages, ...bundle].slice(-500) }));
    s.on('deleted', ({ messageId }: { messageId: string }) =>
      this.#set({ messages: this.#view.messages.filter((m) => m.id !== messageId) }),
    );
    s.on('reactions', ({ messageId, reactions }: { messageId: string; reactions: ChatMessage['reactions'] }) =>
      this.#set({ messages: this.#view.messages.map((m) => (m.id === messageId ? { ...m, reactions } : m)) }),
    );
    s.on('pinned', ({ message }: { message: ChatMessage | null }) => this.#set({ pinned: message }));
    s.on('presence', ({ count }: { count: number }) => this.#set({ presence: count }));
    s.on('slowMode', ({ seconds }: { seconds: number }) => this.#set({ slowModeSeconds: seconds }));
    s.on('muted', ({ until }: { until: string | null }) => this.#set({ mutedUntil: until }));
    s.on('cleared', () => this.#set({ messages: [], pinned: null }));
    s.on('refused', (refusal: ChatRefusal) => {
      // Pushed outside an answer: the room closed on this client (banned, removed) or a flood.
      if (refusal.code === 'banned' || refusal.code === 'forbidden') s.disconnect();
      this.#set({ status: s.connected ? this.#view.status : 'refused', refusal });
    });
  }

  get view(): ChatView {
    return this.#view;
  }

  subscribe(listener: (view: ChatView) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  send(text: string): Promise<Answer> {
    return this.#ask('send', { text });
  }

  react(messageId: string, reaction: ChatReaction): Promise<Answer> {
    return this.#ask('react', { messageId, reaction });
  }

  moderate(frame: ModerateFrame): Promise<Answer> {
    return this.#ask('moderate', frame);
  }

  close(): void {
    this.#socket.disconnect();
    this.#listeners.clear();
  }

  async #ask(event: string, frame: object): Promise<Answer> {
    const answer = (await this.#socket.timeout(10_000).emitWithAck(event, frame)) as Answer;
    this.#set({ refusal: answer.ok ? null : answer });
    return answer;
  }

  #set(patch: Partial<ChatView>): void {
    this.#view = { ...this.#view, ...patch };
    for (const listener of this.#listeners) listener(this.#view);
  }
}
