import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { Category, Channel, ListChannelsInput, ProgrammeBrief } from '@shared/contract/iptv';
import type { ChannelInfo, StreamRef } from './catalog-builder';
import { catalogTables, epgTables, searchMode, type CatalogTables, type EpgTables } from './catalog-tables';
import { decodeCursor, encodeCursor } from './cursor';
import { categoryIn, channelJoins, marksJoin, searchCondition, searchHitsSql, type HitsPlan } from './channel-search';
import { foldForSearch, likePattern, searchTerms, type SearchTerms } from './search-text';

/** The catalog and EPG generations in use for one provider. */
export interface CatalogScope {
  readonly providerId: string;
  readonly seq: number;
  readonly catalogGen: number;
  /** 0: no EPG yet. */
  readonly epgGen: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number | null;
}

interface ChannelDbRow {
  id: number;
  channel_key: string;
  name: string;
  category_key: string | null;
  epg_key: string | null;
  info: string;
  category_name: string | null;
  category_search: string | null;
  favourite_at: number | null;
  watched_at: number | null;
  hidden: number;
}

const HIDDEN = `(c.category_key IS NOT NULL AND c.category_key IN
  (SELECT category_key FROM iptv_hidden_categories WHERE user_id = $user AND provider_id = $pid))`;

/**
 * Every read of a provider's catalog: pages in the provider's own order (keyset on position, so
 * page 1,000 costs what page 1 does), searches through the FTS5 indexes of channel names and EPG
 * titles plus category names, the user's favourites, recently watched and hidden categories,
 * and now/next from the EPG.
 */
export class CatalogReader {
  readonly #statements = new Map<string, StatementSync>();

  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => number,
  ) {}

  categories(scope: CatalogScope, userId: string, cursor: string | null, limit: number): Page<Category> {
    const t = catalogTables(scope.seq, scope.catalogGen);
    const after = decodeCursor(cursor, scope.catalogGen)?.a ?? 0;
    const rows = this.#all(
      `SELECT cat.id, cat.category_key, cat.name, cat.channel_count,
         EXISTS (SELECT 1 FROM iptv_hidden_categories h WHERE h.user_id = $user AND h.provider_id = $pid AND h.category_key = cat.category_key) AS hidden
       FROM ${t.categories} cat WHERE cat.id > $after ORDER BY cat.id LIMIT $limit`,
      { user: userId, pid: scope.providerId, after, limit: limit + 1 },
    ) as { id: number; category_key: string; name: string; channel_count: number; hidden: number }[];
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const total = cursor === null ? (this.#get(`SELECT count(*) AS n FROM ${t.categories}`, {}) as { n: number }).n : null;
    return {
      items: items.map((r) => ({ id: r.category_key, name: r.name, channelCount: r.channel_count, hidden: r.hidden === 1 })),
      nextCursor: more && last ? encodeCursor({ g: scope.catalogGen, a: last.id }) : null,
      total,
    };
  }

  channels(scope: CatalogScope, userId: string, input: ListChannelsInput): Page<Channel> {
    const t = catalogTables(scope.seq, scope.catalogGen);
    const e = scope.epgGen > 0 ? epgTables(scope.seq, scope.epgGen) : null;
    const terms = input.query === '' ? null : searchTerms(input.query, searchMode());
    const params: Record<string, SQLInputValue> = { user: userId, pid: scope.providerId, now: this.now() };
    // Small lists worked out first (hidden categories, categories named by the words), so the
    // scans over 100,000 channels test `c` alone, with no join per row.
    const hidden = this.#all(
      'SELECT category_key FROM iptv_hidden_categories WHERE user_id = $user AND provider_id = $pid',
      params,
    ) as {
      category_key: string;
    }[];
    params.hidden = JSON.stringify(hidden.map((h) => h.category_key));
    const where: string[] = [];
    if (input.view === 'all') where.push(`NOT ${categoryIn('hidden')}`);
    if (input.view === 'hidden') where.push(categoryIn('hidden'));
    if (input.view === 'favourites') where.push('m.favourite_at IS NOT NULL');
    if (input.view === 'recent') where.push('m.watched_at IS NOT NULL');
    if (input.categoryId !== null) {
      where.push('c.category_key = $cat');
      params.cat = input.categoryId;
    }
    let plan: HitsPlan | null = null;
    if (terms) {
      terms.short.forEach((word, i) => {
        params[`s${i}`] = likePattern(word);
        params[`sc${i}`] = JSON.stringify(this.#categoriesMatching(t, [word]).keys);
        where.push(`(c.name LIKE $s${i} ESCAPE '\\' OR ${categoryIn(`sc${i}`)})`);
      });
      if (terms.match !== null) {
        params.match = terms.match;
        const categories = this.#categoriesMatching(t, terms.words);
        params.cats = JSON.stringify(categories.keys);
        plan = {
          filter: '',
          joinMarks: input.view === 'favourites' || input.view === 'recent',
          categories: categories.keys.length === 0 ? 'none' : categories.channels > 2000 ? 'many' : 'few',
          epg: e,
        };
      }
    }
    const recent = input.view === 'recent';
    if (plan && recent) where.push(searchCondition(t, plan));
    const filter = where.length > 0 ? where.join(' AND ') : '1';
    const state = decodeCursor(input.cursor, scope.catalogGen);
    const select = `SELECT c.id, c.channel_key, c.name, c.category_key, c.epg_key, c.info,
         cat.name AS category_name, cat.search_name AS category_search, m.favourite_at, m.watched_at, ${categoryIn('hidden')} AS hidden
       FROM ${t.channels} c ${channelJoins(t)}`;
    let rows: ChannelDbRow[];
    if (plan && !recent) {
      // Each branch stops at its batch, so skipping rows means reading them: a search has no
      // total, so lists only step through it page by page (offset 0) and this stays cheap.
      const ids = this.#all(searchHitsSql(t, { ...plan, filter }), {
        ...params,
        after: state?.a ?? 0,
        batch: input.offset + input.limit + 1,
      }) as {
        id: number;
      }[];
      rows = this.#all(`${select} WHERE c.id IN (SELECT value FROM json_each($ids)) ORDER BY c.id`, {
        ...params,
        ids: JSON.stringify(ids.slice(input.offset).map((r) => r.id)),
      }) as unknown as ChannelDbRow[];
    } else {
      // Every channel in position order (no hidden category, no filter): positions are 1..n with
      // no gap, so row `offset` is found by its id, not by reading the rows before it.
      const dense = input.view === 'all' && hidden.length === 0 && input.categoryId === null && terms === null;
      const skip = dense ? 0 : input.offset;
      const keyset = !recent
        ? 'c.id > $after'
        : state
          ? '(m.watched_at < $w OR (m.watched_at = $w AND c.channel_key > $k))'
          : '1';
      if (state && recent) Object.assign(params, { w: state.w ?? 0, k: state.k ?? '' });
      if (!recent) params.after = (state?.a ?? 0) + (dense ? input.offset : 0);
      const order = recent ? 'm.watched_at DESC, c.channel_key' : 'c.id';
      rows = this.#all(`${select} WHERE ${filter} AND ${keyset} ORDER BY ${order} LIMIT $limit OFFSET $skip`, {
        ...params,
        limit: input.limit + 1,
        skip,
      }) as unknown as ChannelDbRow[];
    }
    const more = rows.length > input.limit;
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    // Counting every match of a broad search costs more than the page: searches have no total.
    // Only the list's first page counts (a scan of the catalog); a page at a row does not.
    const needsMarks = input.view === 'favourites' || input.view === 'recent';
    const total =
      input.cursor === null && input.offset === 0 && terms === null
        ? (
            this.#get(`SELECT count(*) AS n FROM ${t.channels} c ${needsMarks ? marksJoin() : ''} WHERE ${filter}`, params) as {
              n: number;
            }
          ).n
        : null;
    return {
      items: page.map((row) => this.#channelOf(scope, row, e, terms)),
      nextCursor:
        more && last
          ? encodeCursor(
              recent
                ? { g: scope.catalogGen, w: last.watched_at ?? 0, k: last.channel_key }
                : { g: scope.catalogGen, a: last.id },
            )
          : null,
      total,
    };
  }

  /** Categories whose folded name holds every word, and how many channels they hold. */
  #categoriesMatching(t: CatalogTables, words: readonly string[]): { keys: string[]; channels: number } {
    const params: Record<string, SQLInputValue> = {};
    words.forEach((w, i) => (params[`w${i}`] = likePattern(w)));
    const rows = this.#all(
      `SELECT category_key, channel_count FROM ${t.categories} WHERE ${words.map((_w, i) => `search_name LIKE $w${i} ESCAPE '\\'`).join(' AND ')}`,
      params,
    ) as { category_key: string; channel_count: number }[];
    return { keys: rows.map((r) => r.category_key), channels: rows.reduce((sum, r) => sum + r.channel_count, 0) };
  }

  /** One channel by id, as the user sees it (null when the catalog has no such channel). */
  channel(scope: CatalogScope, userId: string, key: string): (Channel & { stream: StreamRef; epgKey: string | null }) | null {
    const t = catalogTables(scope.seq, scope.catalogGen);
    const row = this.#get(
      `SELECT c.*, cat.name AS category_name, cat.search_name AS category_search, m.favourite_at, m.watched_at, ${HIDDEN} AS hidden
       FROM ${t.channels} c
       LEFT JOIN ${t.categories} cat ON cat.category_key = c.category_key
       LEFT JOIN iptv_channel_marks m ON m.user_id = $user AND m.provider_id = $pid AND m.channel_key = c.channel_key
       WHERE c.channel_key = $key`,
      { user: userId, pid: scope.providerId, key },
    ) as ChannelDbRow | undefined;
    if (!row) return null;
    const e = scope.epgGen > 0 ? epgTables(scope.seq, scope.epgGen) : null;
    return { ...this.#channelOf(scope, row, e, null), stream: (JSON.parse(row.info) as ChannelInfo).s, epgKey: row.epg_key };
  }

  /** A channel's logo address (already checked to carry no credential), or null. */
  logo(scope: CatalogScope, key: string): string | null {
    const t = catalogTables(scope.seq, scope.catalogGen);
    const row = this.#get(`SELECT info FROM ${t.channels} WHERE channel_key = $key`, { key }) as { info: string } | undefined;
    return row ? ((JSON.parse(row.info) as ChannelInfo).l ?? null) : null;
  }

  /** A channel's programmes from `fromMs` on, from the stored XMLTV. */
  guide(scope: CatalogScope, epgKey: string, fromMs: number, limit: number) {
    if (scope.epgGen === 0) return [];
    const e = epgTables(scope.seq, scope.epgGen);
    const rows = this.#all(
      `SELECT title, subtitle, description, category, start_ms, stop_ms FROM ${e.programmes}
       WHERE channel_key = $key AND stop_ms > $from ORDER BY stop_ms LIMIT $limit`,
      { key: epgKey, from: fromMs, limit },
    ) as {
      title: string;
      subtitle: string | null;
      description: string | null;
      category: string | null;
      start_ms: number;
      stop_ms: number;
    }[];
    return rows.map((r) => ({
      title: r.title,
      subtitle: r.subtitle,
      description: r.description,
      category: r.category,
      start: new Date(r.start_ms).toISOString(),
      stop: new Date(r.stop_ms).toISOString(),
    }));
  }

  #channelOf(scope: CatalogScope, row: ChannelDbRow, e: EpgTables | null, terms: SearchTerms | null): Channel {
    const [now, next] = e && row.epg_key ? this.#nowNext(e, row.epg_key) : [null, null];
    const info = JSON.parse(row.info) as ChannelInfo;
    return {
      id: row.channel_key,
      providerId: scope.providerId,
      name: row.name,
      number: info.n,
      logo: info.l,
      categoryId: row.category_key,
      categoryName: row.category_name,
      tvgId: info.t,
      format: info.f,
      catchupDays: info.c,
      favourite: row.favourite_at !== null,
      hidden: row.hidden === 1,
      watchedAt: row.watched_at === null ? null : new Date(row.watched_at).toISOString(),
      now,
      next,
      match: terms ? this.#matchOf(row, e, terms) : null,
    };
  }

  #nowNext(e: EpgTables, epgKey: string): [ProgrammeBrief | null, ProgrammeBrief | null] {
    const now = this.now();
    const rows = this.#all(
      `SELECT title, start_ms, stop_ms FROM ${e.programmes} WHERE channel_key = $key AND stop_ms > $now ORDER BY stop_ms LIMIT 2`,
      { key: epgKey, now },
    ) as { title: string; start_ms: number; stop_ms: number }[];
    const brief = (r: { title: string; start_ms: number; stop_ms: number }): ProgrammeBrief => ({
      title: r.title,
      start: new Date(r.start_ms).toISOString(),
      stop: new Date(r.stop_ms).toISOString(),
    });
    const [first, second] = rows;
    if (!first) return [null, null];
    if (first.start_ms <= now) return [brief(first), second ? brief(second) : null];
    return [null, brief(first)];
  }

  #matchOf(row: ChannelDbRow, e: EpgTables | null, terms: SearchTerms): Channel['match'] {
    const name = foldForSearch(row.name);
    if (terms.words.every((w) => name.includes(w))) return { field: 'name', programme: null };
    const category = row.category_search ?? '';
    if (terms.words.every((w) => category.includes(w) || name.includes(w))) return { field: 'category', programme: null };
    if (!e || !row.epg_key || terms.match === null) return { field: 'name', programme: null };
    const hit = this.#get(
      `SELECT title, start_ms, stop_ms FROM ${e.programmes} WHERE channel_key = $key AND stop_ms > $now
         AND id IN (SELECT rowid FROM ${e.fts} WHERE ${e.fts} MATCH $match) ORDER BY stop_ms LIMIT 1`,
      { key: row.epg_key, now: this.now(), match: terms.match },
    ) as { title: string; start_ms: number; stop_ms: number } | undefined;
    const programme = hit
      ? { title: hit.title, start: new Date(hit.start_ms).toISOString(), stop: new Date(hit.stop_ms).toISOString() }
      : null;
    return { field: 'programme', programme };
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      if (this.#statements.size >= 64) this.#statements.clear();
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #all(sql: string, params: Record<string, SQLInputValue>): unknown[] {
    return this.#statement(sql).all(usedBy(sql, params));
  }

  #get(sql: string, params: Record<string, SQLInputValue>): unknown {
    return this.#statement(sql).get(usedBy(sql, params));
  }
}

/** node:sqlite refuses named parameters a statement does not use; queries are built from parts. */
function usedBy(sql: string, params: Record<string, SQLInputValue>): Record<string, SQLInputValue> {
  const used: Record<string, SQLInputValue> = {};
  for (const [name, value] of Object.entries(params)) {
    if (new RegExp(`\\$${name}\\b`).test(sql)) used[name] = value;
  }
  return used;
}
