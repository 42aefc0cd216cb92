import type { DatabaseSync } from 'node:sqlite';
import type { ChatMessage, ChatRole } from '@shared/chat/chat-protocol';
import { CHAT_LIMITS, type ChatReaction } from '@shared/chat/chat-text';
import { transaction } from '../storage/database';

export interface ChatterRecord {
  readonly id: string;
  readonly room: string;
  readonly name: string;
  readonly role: ChatRole;
  readonly userId: string | null;
}

export interface StoredMessage {
  readonly id: string;
  readonly room: string;
  readonly chatterId: string;
  readonly name: string;
  readonly role: ChatRole;
  readonly text: string;
  readonly replyTo: string | null;
  readonly at: number;
  readonly seq: number;
}

export interface RoomSettings {
  readonly slowModeSeconds: number;
  readonly words: readonly string[];
  readonly pinnedId: string | null;
}

export type SanctionKind = 'mute' | 'ban' | 'banIp';

interface MessageRow {
  id: string;
  room: string;
  chatter_id: string;
  name: string;
  role: ChatRole;
  text: string;
  reply_to: string | null;
  at: number;
  seq: number;
}

/** The chat's tables (migrations.ts): chatters, messages and reactions, rooms, sanctions, the moderation log. */
export class ChatStore {
  constructor(private readonly db: DatabaseSync) {}

  chatter(id: string): ChatterRecord | undefined {
    const row = this.db.prepare('SELECT id, room, name, role, user_id FROM chat_chatters WHERE id = ?').get(id) as
      { id: string; room: string; name: string; role: ChatRole; user_id: string | null } | undefined;
    return row && { id: row.id, room: row.room, name: row.name, role: row.role, userId: row.user_id };
  }

  chatterByNameKey(room: string, nameKey: string): ChatterRecord | undefined {
    const row = this.db.prepare('SELECT id FROM chat_chatters WHERE room = ? AND name_key = ?').get(room, nameKey) as
      { id: string } | undefined;
    return row && this.chatter(row.id);
  }

  /** False when the name (by its skeleton) is taken in the room. */
  addChatter(chatter: ChatterRecord, nameKey: string, now: number): boolean {
    const result = this.db
      .prepare(
        'INSERT OR IGNORE INTO chat_chatters (id, room, name, name_key, role, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(chatter.id, chatter.room, chatter.name, nameKey, chatter.role, chatter.userId, now);
    return result.changes === 1;
  }

  /** The address a chatter last came from: a ban by IP reaches it even when it is offline. */
  setLastIp(id: string, ip: string): void {
    this.db.prepare('UPDATE chat_chatters SET last_ip = ? WHERE id = ?').run(ip, id);
  }

  lastIp(id: string): string | null {
    return (
      (this.db.prepare('SELECT last_ip FROM chat_chatters WHERE id = ?').get(id) as { last_ip: string | null } | undefined)
        ?.last_ip ?? null
    );
  }

  isModerator(room: string, userId: string): boolean {
    return this.db.prepare('SELECT 1 FROM chat_moderators WHERE room = ? AND user_id = ?').get(room, userId) !== undefined;
  }

  setModerator(room: string, userId: string, namedBy: string | null, now: number): void {
    if (namedBy === null) this.db.prepare('DELETE FROM chat_moderators WHERE room = ? AND user_id = ?').run(room, userId);
    else
      this.db
        .prepare('INSERT OR REPLACE INTO chat_moderators (room, user_id, named_by, at) VALUES (?, ?, ?, ?)')
        .run(room, userId, namedBy, now);
  }

  removeChatter(id: string): void {
    this.db.prepare('DELETE FROM chat_chatters WHERE id = ?').run(id);
  }

  /** Idempotent: a message relayed by another engine may arrive twice. */
  insertMessage(message: StoredMessage): void {
    this.db
      .prepare(
        'INSERT OR IGNORE INTO chat_messages (id, room, chatter_id, name, role, text, reply_to, at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        message.id,
        message.room,
        message.chatterId,
        message.name,
        message.role,
        message.text,
        message.replyTo,
        message.at,
        message.seq,
      );
  }

  message(id: string): StoredMessage | undefined {
    const row = this.db.prepare('SELECT * FROM chat_messages WHERE id = ?').get(id) as MessageRow | undefined;
    return row && toStored(row);
  }

  /** The page of messages before `beforeId` (or the newest), oldest first, and whether older ones remain. */
  page(room: string, beforeId: string | null, limit = CHAT_LIMITS.historyPage): { items: StoredMessage[]; hasOlder: boolean } {
    const before = beforeId === null ? undefined : this.message(beforeId);
    const rows = (before
      ? this.db
          .prepare(
            'SELECT * FROM chat_messages WHERE room = ? AND (at < ? OR (at = ? AND seq < ?)) ORDER BY at DESC, seq DESC LIMIT ?',
          )
          .all(room, before.at, before.at, before.seq, limit + 1)
      : this.db
          .prepare('SELECT * FROM chat_messages WHERE room = ? ORDER BY at DESC, seq DESC LIMIT ?')
          .all(room, limit + 1)) as unknown as MessageRow[];
    return { items: rows.slice(0, limit).reverse().map(toStored), hasOlder: rows.length > limit };
  }

  deleteMessage(id: string): boolean {
    return transaction(this.db, () => {
      this.db.prepare('UPDATE chat_rooms SET pinned_id = NULL WHERE pinned_id = ?').run(id);
      return this.db.prepare('DELETE FROM chat_messages WHERE id = ?').run(id).changes === 1;
    });
  }

  clear(room: string): void {
    transaction(this.db, () => {
      this.db.prepare('DELETE FROM chat_messages WHERE room = ?').run(room);
      this.db.prepare('UPDATE chat_rooms SET pinned_id = NULL WHERE room = ?').run(room);
    });
  }

  /** Messages older than `before` (ms) go; returns how many. */
  prune(before: number): number {
    return Number(this.db.prepare('DELETE FROM chat_messages WHERE at < ?').run(before).changes);
  }

  /** One per person per emoji: true when it was added, false when it was there already. */
  addReaction(messageId: string, reaction: ChatReaction, chatterId: string): boolean {
    return (
      this.db
        .prepare('INSERT OR IGNORE INTO chat_reactions (message_id, reaction, chatter_id) VALUES (?, ?, ?)')
        .run(messageId, reaction, chatterId).changes === 1
    );
  }

  reactions(messageIds: readonly string[]): Map<string, ChatMessage['reactions']> {
    const counts = new Map<string, Record<string, number>>();
    if (messageIds.length === 0) return counts;
    const rows = this.db
      .prepare(
        `SELECT message_id, reaction, COUNT(*) AS n FROM chat_reactions WHERE message_id IN (${messageIds.map(() => '?').join(',')}) GROUP BY message_id, reaction`,
      )
      .all(...messageIds) as unknown as { message_id: string; reaction: string; n: number }[];
    for (const row of rows) {
      const entry = counts.get(row.message_id) ?? {};
      entry[row.reaction] = row.n;
      counts.set(row.message_id, entry);
    }
    return counts;
  }

  settings(room: string): RoomSettings {
    const row = this.db.prepare('SELECT slow_mode_seconds, words, pinned_id FROM chat_rooms WHERE room = ?').get(room) as
      { slow_mode_seconds: number; words: string; pinned_id: string | null } | undefined;
    if (!row) return { slowModeSeconds: 0, words: [], pinnedId: null };
    return { slowModeSeconds: row.slow_mode_seconds, words: JSON.parse(row.words) as string[], pinnedId: row.pinned_id };
  }

  updateSettings(room: string, patch: Partial<RoomSettings>): RoomSettings {
    const next = { ...this.settings(room), ...patch };
    this.db
      .prepare(
        `INSERT INTO chat_rooms (room, slow_mode_seconds, words, pinned_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (room) DO UPDATE SET slow_mode_seconds = excluded.slow_mode_seconds, words = excluded.words, pinned_id = excluded.pinned_id`,
      )
      .run(room, next.slowModeSeconds, JSON.stringify(next.words), next.pinnedId);
    return next;
  }

  /** Until when (ms; null: for good) a sanction holds, or undefined when none does now. */
  sanction(room: string, kind: SanctionKind, target: string, now: number): number | null | undefined {
    const row = this.db
      .prepare('SELECT until FROM chat_sanctions WHERE room = ? AND kind = ? AND target = ?')
      .get(room, kind, target) as { until: number | null } | undefined;
    if (!row || (row.until !== null && row.until <= now)) return undefined;
    return row.until;
  }

  setSanction(room: string, kind: SanctionKind, target: string, until: number | null): void {
    this.db
      .prepare('INSERT OR REPLACE INTO chat_sanctions (room, kind, target, until) VALUES (?, ?, ?, ?)')
      .run(room, kind, target, until);
  }

  liftSanctions(room: string, kinds: readonly SanctionKind[], targets: readonly string[]): void {
    for (const kind of kinds) {
      for (const target of targets) {
        this.db.prepare('DELETE FROM chat_sanctions WHERE room = ? AND kind = ? AND target = ?').run(room, kind, target);
      }
    }
  }

  logAction(entry: {
    room: string;
    actorId: string;
    actorName: string;
    action: string;
    target: string | null;
    detail: string | null;
    at: number;
  }): void {
    this.db
      .prepare('INSERT INTO chat_actions (room, actor_id, actor_name, action, target, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(entry.room, entry.actorId, entry.actorName, entry.action, entry.target, entry.detail, entry.at);
  }

  actions(room: string, limit = 200): ModerationLogEntry[] {
    const rows = this.db
      .prepare(
        'SELECT actor_id, actor_name, action, target, detail, at FROM chat_actions WHERE room = ? ORDER BY id DESC LIMIT ?',
      )
      .all(room, limit) as unknown as {
      actor_id: string;
      actor_name: string;
      action: string;
      target: string | null;
      detail: string | null;
      at: number;
    }[];
    return rows.map((r) => ({
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      target: r.target,
      detail: r.detail,
      at: r.at,
    }));
  }

  setting(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM chat_settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setSetting(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO chat_settings (key, value) VALUES (?, ?)').run(key, value);
  }
}

export interface ModerationLogEntry {
  readonly actorId: string;
  readonly actorName: string;
  readonly action: string;
  readonly target: string | null;
  readonly detail: string | null;
  readonly at: number;
}

function toStored(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    room: row.room,
    chatterId: row.chatter_id,
    name: row.name,
    role: row.role,
    text: row.text,
    replyTo: row.reply_to,
    at: row.at,
    seq: row.seq,
  };
}
