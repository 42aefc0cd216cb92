import { createHash, randomBytes } from 'node:crypto';
import { chatRefusal, type ChatAuth, type ChatRefusalCode, type ChatRole } from '@shared/chat/chat-protocol';
import { cleanName, nameSkeleton } from '@shared/chat/chat-text';
import type { Refusal } from '@shared/outputs/watch-text';
import type { OutputsPort } from '../outputs/outputs-port';
import type { ChatRooms, ChatSession, Outcome } from './chat-rooms';

/** What the chat needs of the outputs: their tokens (one HMAC code for viewers and chatters) and owners. */
export type ChatTokenPort = Pick<OutputsPort, 'checkViewerToken' | 'chatToken' | 'verifyChatToken' | 'outputInfo'>;

/** A chat token lasts a day at most (never beyond the link it came through). */
export const CHAT_TOKEN_MS = 24 * 3600_000;

const TOKEN_REFUSALS: Readonly<Record<Refusal, ChatRefusalCode>> = {
  missing: 'tokenForged',
  forged: 'tokenForged',
  expired: 'tokenExpired',
  revoked: 'tokenRevoked',
  full: 'tokenForged',
  limited: 'rateLimited',
  notFound: 'notFound',
};

/** Staff names live under their own key: a viewer taking one is refused as reserved, not as taken. */
const staffKey = (name: string): string => `staff:${nameSkeleton(name)}`;

/**
 * Who may join a room: a viewer with its watch page's token and a name (unique in the room by its
 * skeleton, never a staff name), a returning chatter with its chat token, staff with the chat
 * token the app got for them. Banned users and banned addresses are refused first thing.
 */
export function admit(
  rooms: ChatRooms,
  tokens: ChatTokenPort,
  auth: ChatAuth,
  ip: string,
): Outcome<{ session: ChatSession; chatToken: string }> {
  const { store, now } = rooms.deps;
  if ('viewerToken' in auth) {
    const viewer = tokens.checkViewerToken(auth.viewerToken);
    if ('refusal' in viewer) return chatRefusal(TOKEN_REFUSALS[viewer.refusal]);
    const room = tokens.outputInfo(viewer.outputId)?.slug;
    if (room === undefined) return chatRefusal('notFound');
    if (store.sanction(room, 'banIp', ip, now()) !== undefined) return chatRefusal('banned');
    const named = cleanName(auth.name);
    if (!named.ok) return chatRefusal(named.problem === 'reserved' ? 'nameReserved' : 'nameInvalid');
    if (store.chatterByNameKey(room, staffKey(named.name))) return chatRefusal('nameReserved');
    const chatter = {
      id: `v${randomBytes(9).toString('base64url')}`,
      room,
      name: named.name,
      role: 'viewer' as const,
      userId: null,
    };
    if (!rooms.commit({ kind: 'chatter', chatter, nameKey: nameSkeleton(named.name), at: now() }))
      return chatRefusal('nameTaken');
    const chatToken = tokens.chatToken(viewer.outputId, viewer.linkId, chatter.id, CHAT_TOKEN_MS);
    rooms.commit({ kind: 'seen', chatterId: chatter.id, ip });
    return { ok: true, chatToken, session: { ...chatter, chatterId: chatter.id, outputId: viewer.outputId, ip } };
  }

  const verified = tokens.verifyChatToken(auth.chatToken);
  if ('refusal' in verified) return chatRefusal(TOKEN_REFUSALS[verified.refusal]);
  const chatter = store.chatter(verified.chatterId);
  const room = tokens.outputInfo(verified.outputId)?.slug;
  if (!chatter || chatter.room !== room) return chatRefusal('tokenForged');
  if (chatter.role === 'moderator' && (chatter.userId === null || !store.isModerator(room, chatter.userId))) {
    return chatRefusal('forbidden');
  }
  if (chatter.role === 'viewer') {
    const at = now();
    if (store.sanction(room, 'ban', chatter.id, at) !== undefined || store.sanction(room, 'banIp', ip, at) !== undefined) {
      return chatRefusal('banned');
    }
  }
  rooms.commit({ kind: 'seen', chatterId: chatter.id, ip });
  return {
    ok: true,
    chatToken: auth.chatToken,
    session: {
      chatterId: chatter.id,
      room,
      outputId: verified.outputId,
      name: chatter.name,
      role: chatter.role,
      userId: chatter.userId,
      ip,
    },
  };
}

/**
 * A chat token for the app's own user in an output's room: its role is decided here, from who it
 * is (the output's owner, an admin, a named moderator), and checked again for moderators at each
 * connection. Its chatter id is stable per room and user.
 */
export function staffChatter(
  rooms: ChatRooms,
  tokens: ChatTokenPort,
  staff: { readonly userId: string; readonly role: Exclude<ChatRole, 'viewer'>; readonly name: string },
  outputId: string,
): string {
  const room = tokens.outputInfo(outputId)?.slug;
  if (room === undefined) throw new Error('No such output.');
  const id = staffChatterId(room, staff.userId);
  const existing = rooms.deps.store.chatter(id);
  if (existing && (existing.role !== staff.role || existing.name !== staff.name)) rooms.deps.store.removeChatter(id);
  if (!existing || existing.role !== staff.role || existing.name !== staff.name) {
    const chatter = { id, room, name: staff.name, role: staff.role, userId: staff.userId };
    rooms.commit({ kind: 'chatter', chatter, nameKey: staffKey(staff.name), at: rooms.deps.now() });
  }
  return tokens.chatToken(outputId, null, id, CHAT_TOKEN_MS);
}

/** A staff member's chatter id in a room: the same on every engine and at every visit. */
export function staffChatterId(room: string, userId: string): string {
  return `s${createHash('sha256').update(`${room}\n${userId}`).digest('base64url').slice(0, 20)}`;
}
