import type { ChatRole } from '@shared/chat/chat-protocol';
import type { Caller } from '../context';
import type { ModerationLogEntry } from './chat-store';

/** What the chat offers the app's side (its RPC methods, the panel): staff access and the room's records. */
export interface ChatPort {
  /**
   * A chat token for `caller` in an output's room, as its owner, an admin or a moderator it named
   * (FORBIDDEN otherwise). `name` is how it appears: staff names are kept from viewers.
   */
  staffToken(caller: Caller, outputId: string, name: string): { chatToken: string; role: Exclude<ChatRole, 'viewer'> };
  /** The output's owner (or an admin) names or removes a moderator; a removed one is refused at its next connection. */
  setModerator(caller: Caller, outputId: string, userId: string, moderator: boolean): void;
  /** Every moderation action of a room, newest first, with who did it. */
  moderationLog(outputId: string): ModerationLogEntry[];
  retentionDays(): number;
  /** Messages older than this go now and from now on. */
  setRetentionDays(days: number): void;
  /** The chat's WebSocket path on the public listener, for pages that connect to it. */
  readonly socketPath: string;
}
