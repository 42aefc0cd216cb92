import type { ChatReaction } from '@shared/chat/chat-text';
import type { ChatStore, ChatterRecord, RoomSettings, SanctionKind, StoredMessage } from './chat-store';

/**
 * Every change to the chat's stored state, as data: applied here, and relayed as it is to the
 * other engines of a Redis-linked group (chat-relay.ts), which apply it to their own database.
 * Applying one twice changes nothing.
 */
export type ChatChange =
  | { readonly kind: 'chatter'; readonly chatter: ChatterRecord; readonly nameKey: string; readonly at: number }
  /** Where a chatter last came from: a ban by address on any engine reaches it. */
  | { readonly kind: 'seen'; readonly chatterId: string; readonly ip: string }
  | { readonly kind: 'message'; readonly message: StoredMessage }
  | { readonly kind: 'delete'; readonly messageId: string }
  | { readonly kind: 'reaction'; readonly messageId: string; readonly reaction: ChatReaction; readonly chatterId: string }
  | { readonly kind: 'settings'; readonly room: string; readonly patch: Partial<RoomSettings> }
  | {
      readonly kind: 'sanction';
      readonly room: string;
      readonly sanction: SanctionKind;
      readonly target: string;
      readonly until: number | null;
    }
  | {
      readonly kind: 'lift';
      readonly room: string;
      readonly sanctions: readonly SanctionKind[];
      readonly targets: readonly string[];
    }
  | { readonly kind: 'clear'; readonly room: string }
  | {
      readonly kind: 'log';
      readonly room: string;
      readonly actorId: string;
      readonly actorName: string;
      readonly action: string;
      readonly target: string | null;
      readonly detail: string | null;
      readonly at: number;
    };

/** Returns whether it changed anything (a reaction given twice does not). */
export function applyChange(store: ChatStore, change: ChatChange): boolean {
  switch (change.kind) {
    case 'chatter':
      return store.addChatter(change.chatter, change.nameKey, change.at);
    case 'seen':
      store.setLastIp(change.chatterId, change.ip);
      return true;
    case 'message':
      store.insertMessage(change.message);
      return true;
    case 'delete':
      return store.deleteMessage(change.messageId);
    case 'reaction':
      return store.addReaction(change.messageId, change.reaction, change.chatterId);
    case 'settings':
      store.updateSettings(change.room, change.patch);
      return true;
    case 'sanction':
      store.setSanction(change.room, change.sanction, change.target, change.until);
      return true;
    case 'lift':
      store.liftSanctions(change.room, change.sanctions, change.targets);
      return true;
    case 'clear':
      store.clear(change.room);
      return true;
    case 'log':
      store.logAction(change);
      return true;
  }
}
