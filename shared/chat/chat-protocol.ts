/**
 * The chat's socket.io protocol (issue 15): what a client may send (validated with these schemas
 * before anything else reads it), what it is sent back, and why something is refused. Shared by
 * the engine, the watch page and the app's panel.
 */
import { z } from 'zod';
import { CHAT_REACTION_CODES } from './chat-text';

/** socket.io's path on the public listener. WebSocket only: no long-polling, so no sticky sessions across engines. */
export const CHAT_SOCKET_PATH = '/chat/socket.io/';

/** Longest frame read at all (the transport closes above it); smaller ones above FRAME_MAX are refused with a reason. */
export const CHAT_TRANSPORT_MAX_BYTES = 16 * 1024;
export const CHAT_FRAME_MAX_BYTES = 4 * 1024;

const Token = z.string().min(1).max(400);
const MessageId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/u, 'not a message id');

/** The handshake: a viewer's first visit (its watch page token + a name), a return (its chat token), or staff. */
export const ChatAuth = z.union([
  z.strictObject({ viewerToken: Token, name: z.string().max(100) }),
  z.strictObject({ chatToken: Token }),
]);
export type ChatAuth = z.infer<typeof ChatAuth>;

export const SendFrame = z.strictObject({ text: z.string().max(CHAT_FRAME_MAX_BYTES), replyTo: MessageId.optional() });
export const ReactFrame = z.strictObject({ messageId: MessageId, reaction: z.enum(CHAT_REACTION_CODES) });
export const HistoryFrame = z.strictObject({ before: MessageId });

const ChatterId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/u, 'not a chatter id');
export const ModerateFrame = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('delete'), messageId: MessageId }),
  z.strictObject({ action: z.literal('pin'), messageId: MessageId }),
  z.strictObject({ action: z.literal('unpin') }),
  z.strictObject({
    action: z.literal('mute'),
    chatterId: ChatterId,
    minutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
  }),
  z.strictObject({ action: z.literal('unmute'), chatterId: ChatterId }),
  /** By user, and by IP unless `userOnly` (a viewer behind a shared address). */
  z.strictObject({ action: z.literal('ban'), chatterId: ChatterId, userOnly: z.boolean().optional() }),
  z.strictObject({ action: z.literal('unban'), chatterId: ChatterId }),
  z.strictObject({ action: z.literal('slowMode'), seconds: z.number().int().min(0).max(3600) }),
  z.strictObject({ action: z.literal('words'), words: z.array(z.string().min(1).max(40)).max(200) }),
  z.strictObject({ action: z.literal('clear') }),
]);
export type ModerateFrame = z.infer<typeof ModerateFrame>;
export type ModerationAction = ModerateFrame['action'];

export type ChatRole = 'viewer' | 'moderator' | 'owner' | 'admin';

export interface ChatMessage {
  readonly id: string;
  readonly chatterId: string;
  readonly name: string;
  readonly role: ChatRole;
  /** Plain text: render it as text (links with chatSegments), never as HTML. */
  readonly text: string;
  readonly replyTo: string | null;
  readonly at: string;
  readonly reactions: Partial<Record<(typeof CHAT_REACTION_CODES)[number], number>>;
}

export interface ChatWelcome {
  readonly chatterId: string;
  readonly name: string;
  readonly role: ChatRole;
  /** Present it on reconnect instead of the watch token and name. */
  readonly chatToken: string;
  /** The last 50, oldest first. */
  readonly history: readonly ChatMessage[];
  readonly hasOlder: boolean;
  readonly pinned: ChatMessage | null;
  readonly slowModeSeconds: number;
  readonly presence: number;
}

/** Every reason a frame or a connection is refused; each has its words below. */
export type ChatRefusalCode =
  | 'invalid'
  | 'tooLarge'
  | 'rateLimited'
  | 'empty'
  | 'tooLong'
  | 'unreadable'
  | 'filtered'
  | 'slowMode'
  | 'muted'
  | 'banned'
  | 'forbidden'
  | 'notFound'
  | 'nameInvalid'
  | 'nameReserved'
  | 'nameTaken'
  | 'tokenForged'
  | 'tokenExpired'
  | 'tokenRevoked'
  | 'tooManyConnections';

export const CHAT_REFUSALS: Readonly<Record<ChatRefusalCode, string>> = Object.freeze({
  invalid: 'That request is not one this chat understands.',
  tooLarge: 'That message is too large to be read.',
  rateLimited: 'You are sending too fast: wait a moment.',
  empty: 'An empty message is not sent.',
  tooLong: 'Messages are 500 characters at most.',
  unreadable: 'That text stacks too many marks or oversized characters to be shown.',
  filtered: 'Your message contains a word this chat does not allow.',
  slowMode: 'Slow mode is on: wait before your next message.',
  muted: 'You are muted for now.',
  banned: 'You are banned from this chat.',
  forbidden: 'Only the moderators of this chat can do that.',
  notFound: 'That message or person is not in this chat.',
  nameInvalid: 'Names are 2 to 24 letters, digits, spaces, _ - or .',
  nameReserved: 'That name is kept for the chat’s moderators: choose another.',
  nameTaken: 'Someone in this chat already uses that name: choose another.',
  tokenForged: 'This chat link is not valid.',
  tokenExpired: 'This chat link has expired: reload the page.',
  tokenRevoked: 'The link you came through was withdrawn.',
  tooManyConnections: 'Too many chat connections come from your network.',
});

/** A refusal as sent: its code (for the client's own words), the English words, and when to retry. */
export interface ChatRefusal {
  readonly ok: false;
  readonly code: ChatRefusalCode;
  readonly message: string;
  readonly retryAfterMs?: number;
}

export function chatRefusal(code: ChatRefusalCode, retryAfterMs?: number): ChatRefusal {
  return retryAfterMs === undefined
    ? { ok: false, code, message: CHAT_REFUSALS[code] }
    : { ok: false, code, message: CHAT_REFUSALS[code], retryAfterMs: Math.ceil(retryAfterMs) };
}
