import type { DatabaseSync } from 'node:sqlite';
import { defaultNoticePreferences, NoticeChannels, NoticeKind, type NoticePreferences } from '@shared/contract/notifications';

/**
 * Each account's choice of how notices reach it (e-mail, desktop), one JSON row per account; an
 * account that never chose has the defaults. Kinds added later take their default, and a stored
 * kind that no longer exists is ignored.
 */
export class NoticePreferencesStore {
  constructor(private readonly db: DatabaseSync) {}

  of(userId: string): NoticePreferences {
    const row = this.db.prepare('SELECT prefs FROM notice_preferences WHERE user_id = ?').get(userId) as
      { prefs: string } | undefined;
    const prefs = defaultNoticePreferences();
    if (!row) return prefs;
    let stored: unknown;
    try {
      stored = JSON.parse(row.prefs);
    } catch {
      return prefs;
    }
    for (const kind of NoticeKind.options) {
      const channels = NoticeChannels.safeParse((stored as Record<string, unknown> | null)?.[kind]);
      if (channels.success) prefs.events[kind] = channels.data;
    }
    return prefs;
  }

  update(userId: string, events: Partial<Record<NoticeKind, NoticeChannels>>): NoticePreferences {
    const next = this.of(userId);
    Object.assign(next.events, events);
    this.db
      .prepare(
        'INSERT INTO notice_preferences (user_id, prefs) VALUES (?, ?) ON CONFLICT(user_id) DO UPDATE SET prefs = excluded.prefs',
      )
      .run(userId, JSON.stringify(next.events));
    return next;
  }

  wants(userId: string | undefined, kind: NoticeKind, channel: keyof NoticeChannels): boolean {
    return (userId === undefined ? defaultNoticePreferences() : this.of(userId)).events[kind][channel];
  }
}
