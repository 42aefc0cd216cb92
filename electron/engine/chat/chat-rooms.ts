import { randomBytes } from 'node:crypto';
import {
  chatRefusal,
  type ChatMessage,
  type ChatRefusal,
  type ChatRole,
  type ChatWelcome,
  type HistoryFrame,
  type ReactFrame,
  type SendFrame,
} from '@shared/chat/chat-protocol';
import { cleanMessage, containsFilteredWord } from '@shared/chat/chat-text';
import type { z } from 'zod';
import { applyChange, type ChatChange } from './chat-changes';
import type { ChatStore, StoredMessage } from './chat-store';

/** One connection's chatter, as the server knows it once admitted. */
export interface ChatSession {
  readonly chatterId: string;
  /** The room: its output's address name, the same on every engine of a group. */
  readonly room: string;
  readonly outputId: string;
  readonly name: string;
  readonly role: ChatRole;
  readonly userId: string | null;
  readonly ip: string;
}

/** How the rooms reach the connections (socket.io, on every engine of a group). */
export interface ChatFanout {
  toRoom(room: string, event: string, payload: unknown): void;
  toChatter(chatterId: string, event: string, payload: unknown): void;
  /** Tell the connections of a chatter (or of an address in a room) why, then close them. */
  kick(target: { readonly chatterId: string } | { readonly room: string; readonly ip: string }, refusal: ChatRefusal): void;
  presence(room: string): number;
}

export interface ChatRoomsDeps {
  readonly store: ChatStore;
  readonly fanout: ChatFanout;
  /** Hands a change to the other engines of a group; nothing without Redis. */
  readonly relay: (change: ChatChange) => void;
  readonly now: () => number;
}

export type Outcome<T> = ({ readonly ok: true } & T) | ChatRefusal;

/**
 * The rooms: what chatters send and read. Moderation is in chat-moderation.ts, admission in
 * chat-admission.ts; all of them change state only through `commit`, which also relays.
 */
export class ChatRooms {
  /** When each chatter last sent, for slow mode. */
  readonly #lastSent = new Map<string, number>();
  #seq = 0;

  constructor(readonly deps: ChatRoomsDeps) {}

  commit(change: ChatChange): boolean {
    const changed = applyChange(this.deps.store, change);
    if (changed) this.deps.relay(change);
    return changed;
  }

  welcome(session: ChatSession, chatToken: string): ChatWelcome {
    const page = this.deps.store.page(session.room, null);
    const settings = this.deps.store.settings(session.room);
    const pinned = settings.pinnedId === null ? undefined : this.deps.store.message(settings.pinnedId);
    return {
      chatterId: session.chatterId,
      name: session.name,
      role: session.role,
      chatToken,
      history: this.views(page.items),
      hasOlder: page.hasOlder,
      pinned: pinned ? (this.views([pinned])[0] ?? null) : null,
      slowModeSeconds: settings.slowModeSeconds,
      presence: this.deps.fanout.presence(session.room),
    };
  }

  send(session: ChatSession, frame: z.infer<typeof SendFrame>): Outcome<{ message: ChatMessage }> {
    const { store, now } = this.deps;
    const at = now();
    const refused = this.standing(session, at);
    if (refused) return refused;
    const cleaned = cleanMessage(frame.text);
    if (!cleaned.ok) return chatRefusal(cleaned.problem);
    const staff = session.role !== 'viewer';
    const settings = store.settings(session.room);
    if (!staff && containsFilteredWord(cleaned.text, settings.words)) return chatRefusal('filtered');
    const last = this.#lastSent.get(session.chatterId);
    if (!staff && settings.slowModeSeconds > 0 && last !== undefined && at - last < settings.slowModeSeconds * 1000) {
      return chatRefusal('slowMode', last + settings.slowModeSeconds * 1000 - at);
    }
    if (frame.replyTo !== undefined && store.message(frame.replyTo)?.room !== session.room) return chatRefusal('notFound');
    const message: StoredMessage = {
      id: randomBytes(9).toString('base64url'),
      room: session.room,
      chatterId: session.chatterId,
      name: session.name,
      role: session.role,
      text: cleaned.text,
      replyTo: frame.replyTo ?? null,
      at,
      seq: ++this.#seq,
    };
    this.commit({ kind: 'message', message });
    this.#lastSent.set(session.chatterId, at);
    const view = toView(message, {});
    this.deps.fanout.toRoom(session.room, 'message', view);
    return { ok: true, message: view };
  }

  react(session: ChatSession, frame: z.infer<typeof ReactFrame>): Outcome<{ reactions: ChatMessage['reactions'] }> {
    const refused = this.standing(session, this.deps.now());
    if (refused) return refused;
    const message = this.deps.store.message(frame.messageId);
    if (message?.room !== session.room) return chatRefusal('notFound');
    const added = this.commit({
      kind: 'reaction',
      messageId: message.id,
      reaction: frame.reaction,
      chatterId: session.chatterId,
    });
    const reactions = this.deps.store.reactions([message.id]).get(message.id) ?? {};
    if (added) this.deps.fanout.toRoom(session.room, 'reactions', { messageId: message.id, reactions });
    return { ok: true, reactions };
  }

  history(session: ChatSession, frame: z.infer<typeof HistoryFrame>): Outcome<{ messages: ChatMessage[]; hasOlder: boolean }> {
    const before = this.deps.store.message(frame.before);
    if (before?.room !== session.room) return chatRefusal('notFound');
    const page = this.deps.store.page(session.room, before.id);
    return { ok: true, messages: this.views(page.items), hasOlder: page.hasOlder };
  }

  /** Banned or muted now (a sanction made on another engine reaches this one's database first). */
  standing(session: ChatSession, at: number): ChatRefusal | null {
    const { store } = this.deps;
    if (session.role !== 'viewer') return null;
    if (store.sanction(session.room, 'ban', session.chatterId, at) !== undefined) return chatRefusal('banned');
    if (store.sanction(session.room, 'banIp', session.ip, at) !== undefined) return chatRefusal('banned');
    const muted = store.sanction(session.room, 'mute', session.chatterId, at);
    if (muted !== undefined) return chatRefusal('muted', muted === null ? undefined : muted - at);
    return null;
  }

  views(messages: readonly StoredMessage[]): ChatMessage[] {
    const reactions = this.deps.store.reactions(messages.map((m) => m.id));
    return messages.map((m) => toView(m, reactions.get(m.id) ?? {}));
  }
}

function toView(message: StoredMessage, reactions: ChatMessage['reactions']): ChatMessage {
  return {
    id: message.id,
    chatterId: message.chatterId,
    name: message.name,
    role: message.role,
    text: message.text,
    replyTo: message.replyTo,
    at: new Date(message.at).toISOString(),
    reactions,
  };
}
