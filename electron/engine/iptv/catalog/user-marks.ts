import type { DatabaseSync } from 'node:sqlite';

/** How many recently watched channels a user keeps per provider. */
const RECENT_MAX = 50;

/**
 * Per-user marks on a provider's channels and categories, keyed by the channel and category ids
 * that survive refreshes: favourites, recently watched, hidden categories.
 */
export class UserMarks {
  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => number,
  ) {}

  setFavourite(userId: string, providerId: string, channelKey: string, favourite: boolean): void {
    this.db
      .prepare(
        `INSERT INTO iptv_channel_marks (user_id, provider_id, channel_key, favourite_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, provider_id, channel_key) DO UPDATE SET favourite_at = excluded.favourite_at`,
      )
      .run(userId, providerId, channelKey, favourite ? this.now() : null);
    this.#forgetEmpty(userId, providerId, channelKey);
  }

  recordWatched(userId: string, providerId: string, channelKey: string): void {
    this.db
      .prepare(
        `INSERT INTO iptv_channel_marks (user_id, provider_id, channel_key, watched_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, provider_id, channel_key) DO UPDATE SET watched_at = excluded.watched_at`,
      )
      .run(userId, providerId, channelKey, this.now());
    // Keep the list short: older entries lose their watched time (favourites stay).
    this.db
      .prepare(
        `UPDATE iptv_channel_marks SET watched_at = NULL WHERE user_id = ? AND provider_id = ? AND watched_at IS NOT NULL
           AND channel_key NOT IN (SELECT channel_key FROM iptv_channel_marks WHERE user_id = ? AND provider_id = ?
             AND watched_at IS NOT NULL ORDER BY watched_at DESC LIMIT ${RECENT_MAX})`,
      )
      .run(userId, providerId, userId, providerId);
    this.db
      .prepare(
        'DELETE FROM iptv_channel_marks WHERE user_id = ? AND provider_id = ? AND favourite_at IS NULL AND watched_at IS NULL',
      )
      .run(userId, providerId);
  }

  setCategoryHidden(userId: string, providerId: string, categoryKey: string, hidden: boolean): void {
    if (hidden) {
      this.db
        .prepare('INSERT OR IGNORE INTO iptv_hidden_categories (user_id, provider_id, category_key) VALUES (?, ?, ?)')
        .run(userId, providerId, categoryKey);
    } else {
      this.db
        .prepare('DELETE FROM iptv_hidden_categories WHERE user_id = ? AND provider_id = ? AND category_key = ?')
        .run(userId, providerId, categoryKey);
    }
  }

  #forgetEmpty(userId: string, providerId: string, channelKey: string): void {
    this.db
      .prepare(
        `DELETE FROM iptv_channel_marks WHERE user_id = ? AND provider_id = ? AND channel_key = ?
           AND favourite_at IS NULL AND watched_at IS NULL`,
      )
      .run(userId, providerId, channelKey);
  }
}
