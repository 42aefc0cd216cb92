import { chatRefusal, type ModerateFrame } from '@shared/chat/chat-protocol';
import type { ChatRooms, ChatSession, Outcome } from './chat-rooms';

/**
 * What the chat's staff (the output's owner, admins, the moderators they name) may do to a room.
 * Every action is logged with who did it (chat_actions); staff cannot be muted or banned.
 */
export function moderate(rooms: ChatRooms, actor: ChatSession, frame: ModerateFrame): Outcome<{ detail?: string }> {
  if (actor.role === 'viewer') return chatRefusal('forbidden');
  const { store, fanout, now } = rooms.deps;
  const room = actor.room;
  const at = now();
  let target: string | null = null;
  let detail: string | null = null;

  switch (frame.action) {
    case 'delete': {
      const message = store.message(frame.messageId);
      if (message?.room !== room) return chatRefusal('notFound');
      const wasPinned = store.settings(room).pinnedId === message.id;
      rooms.commit({ kind: 'delete', messageId: message.id });
      fanout.toRoom(room, 'deleted', { messageId: message.id });
      if (wasPinned) fanout.toRoom(room, 'pinned', { message: null });
      target = message.id;
      detail = `by ${message.name}`;
      break;
    }
    case 'pin': {
      const message = store.message(frame.messageId);
      if (message?.room !== room) return chatRefusal('notFound');
      rooms.commit({ kind: 'settings', room, patch: { pinnedId: message.id } });
      fanout.toRoom(room, 'pinned', { message: rooms.views([message])[0] });
      target = message.id;
      break;
    }
    case 'unpin':
      rooms.commit({ kind: 'settings', room, patch: { pinnedId: null } });
      fanout.toRoom(room, 'pinned', { message: null });
      break;
    case 'mute':
    case 'unmute':
    case 'ban':
    case 'unban': {
      const chatter = store.chatter(frame.chatterId);
      if (chatter?.room !== room) return chatRefusal('notFound');
      if (chatter.role !== 'viewer') return chatRefusal('forbidden');
      target = chatter.id;
      detail = chatter.name;
      const ip = store.lastIp(chatter.id);
      if (frame.action === 'mute') {
        const until = at + frame.minutes * 60_000;
        rooms.commit({ kind: 'sanction', room, sanction: 'mute', target: chatter.id, until });
        fanout.toChatter(chatter.id, 'muted', { until: new Date(until).toISOString() });
        detail = `${chatter.name}, ${frame.minutes} min`;
      } else if (frame.action === 'unmute') {
        rooms.commit({ kind: 'lift', room, sanctions: ['mute'], targets: [chatter.id] });
        fanout.toChatter(chatter.id, 'muted', { until: null });
      } else if (frame.action === 'ban') {
        rooms.commit({ kind: 'sanction', room, sanction: 'ban', target: chatter.id, until: null });
        fanout.kick({ chatterId: chatter.id }, chatRefusal('banned'));
        if (ip !== null && frame.userOnly !== true) {
          rooms.commit({ kind: 'sanction', room, sanction: 'banIp', target: ip, until: null });
          fanout.kick({ room, ip }, chatRefusal('banned'));
          detail = `${chatter.name}, and their address`;
        }
      } else {
        rooms.commit({ kind: 'lift', room, sanctions: ['ban', 'banIp'], targets: ip === null ? [chatter.id] : [chatter.id, ip] });
      }
      break;
    }
    case 'slowMode':
      rooms.commit({ kind: 'settings', room, patch: { slowModeSeconds: frame.seconds } });
      fanout.toRoom(room, 'slowMode', { seconds: frame.seconds });
      detail = `${frame.seconds} s`;
      break;
    case 'words': {
      const words = [...new Set(frame.words.map((w) => w.trim().toLowerCase()).filter((w) => w !== ''))];
      rooms.commit({ kind: 'settings', room, patch: { words } });
      detail = `${words.length} words`;
      break;
    }
    case 'clear':
      rooms.commit({ kind: 'clear', room });
      fanout.toRoom(room, 'cleared', {});
      break;
  }
  rooms.commit({
    kind: 'log',
    room,
    actorId: actor.userId ?? actor.chatterId,
    actorName: actor.name,
    action: frame.action,
    target,
    detail,
    at,
  });
  return detail === null ? { ok: true } : { ok: true, detail };
}
