import type { CatalogTables, EpgTables } from './catalog-tables';

/** The joins a page of channels shows: the category (name) and the user's marks on the channel. */
export function channelJoins(t: CatalogTables): string {
  return `LEFT JOIN ${t.categories} cat ON cat.category_key = c.category_key
    LEFT JOIN iptv_channel_marks m ON m.user_id = $user AND m.provider_id = $pid AND m.channel_key = c.channel_key`;
}

/** Only the marks join: what favourites and recently watched filter on. */
export function marksJoin(): string {
  return 'LEFT JOIN iptv_channel_marks m ON m.user_id = $user AND m.provider_id = $pid AND m.channel_key = c.channel_key';
}

/** `c.category_key` in a JSON list bound as `$name` (NULL keys are in no list). */
export function categoryIn(name: string, scan = false): string {
  return `coalesce(${scan ? '+' : ''}c.category_key IN (SELECT value FROM json_each($${name})), 0)`;
}

function programmeChannels(e: EpgTables): string {
  return `SELECT p.channel_key FROM ${e.programmes} p
    WHERE p.id IN (SELECT rowid FROM ${e.fts} WHERE ${e.fts} MATCH $match) AND p.stop_ms > $now`;
}

export interface HitsPlan {
  /** The filter every hit must pass (conditions on `c`, and on `m` when `joinMarks`). */
  readonly filter: string;
  readonly joinMarks: boolean;
  /** Categories whose name holds every word (bound as `$cats`), or none. */
  readonly categories: 'none' | 'few' | 'many';
  readonly epg: EpgTables | null;
}

/**
 * The ids of the next `$batch` channels after `$after` (position order) that match the words
 * in their name (FTS5), their category's name, or an upcoming programme's title (FTS5), and
 * pass the filter. Each branch reads in position order and stops at `$batch`, so a broad word
 * ("sport": 30,000 channels) costs about what a narrow one does: no result set is built whole.
 * Categories holding many channels are found by scanning in position order (stopped by the
 * LIMIT), few by their index.
 */
export function searchHitsSql(t: CatalogTables, plan: HitsPlan): string {
  const joins = plan.joinMarks ? marksJoin() : '';
  const branches = [
    `SELECT c.id AS id FROM ${t.fts} JOIN ${t.channels} c ON c.id = ${t.fts}.rowid ${joins}
       WHERE ${t.fts} MATCH $match AND ${t.fts}.rowid > $after AND ${plan.filter} ORDER BY ${t.fts}.rowid LIMIT $batch`,
  ];
  if (plan.categories !== 'none') {
    branches.push(
      `SELECT c.id AS id FROM ${t.channels} c ${joins}
         WHERE ${categoryIn('cats', plan.categories === 'many')} AND c.id > $after AND ${plan.filter} ORDER BY c.id LIMIT $batch`,
    );
  }
  if (plan.epg) {
    branches.push(
      `SELECT c.id AS id FROM ${t.channels} c ${joins}
         WHERE c.epg_key IN (${programmeChannels(plan.epg)}) AND c.id > $after AND ${plan.filter} ORDER BY c.id LIMIT $batch`,
    );
  }
  if (branches.length === 1) return branches[0] as string;
  return `SELECT id FROM (${branches.map((b) => `SELECT id FROM (${b})`).join(' UNION ')}) ORDER BY id LIMIT $batch`;
}

/** The same matches as one condition, for lists not in position order (recently watched). */
export function searchCondition(t: CatalogTables, plan: HitsPlan): string {
  const branches = [`SELECT rowid FROM ${t.fts} WHERE ${t.fts} MATCH $match`];
  if (plan.categories !== 'none') {
    branches.push(`SELECT c2.id FROM ${t.channels} c2 WHERE c2.category_key IN (SELECT value FROM json_each($cats))`);
  }
  if (plan.epg) branches.push(`SELECT c3.id FROM ${t.channels} c3 WHERE c3.epg_key IN (${programmeChannels(plan.epg)})`);
  return `c.id IN (${branches.join(' UNION ')})`;
}
