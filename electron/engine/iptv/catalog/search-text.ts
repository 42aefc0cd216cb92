import { foldForSearch } from '@shared/format/fold-for-search';
import type { SearchMode } from './catalog-tables';

// The one fold, shared with the library's search (shared/format): re-exported for the catalog's files.
export { foldForSearch };

/** What a search box's text becomes: the words, folded, each to be found as a substring. */
export interface SearchTerms {
  readonly words: readonly string[];
  /** An FTS5 MATCH expression for the words the index can serve, or null when none can. */
  readonly match: string | null;
  /** Words the index cannot serve (shorter than a trigram): checked with LIKE on the names. */
  readonly short: readonly string[];
}

/**
 * Split a query into words and build the FTS5 expression. Every word is quoted (so `-`, `*`,
 * `OR`, quotes… are text, never FTS syntax). Trigram: a word of 3+ characters matches anywhere
 * inside a name; shorter words fall back to LIKE. Word mode (old SQLite): prefix queries.
 */
export function searchTerms(query: string, mode: SearchMode): SearchTerms {
  const words = foldForSearch(query)
    .split(/[\s,;|/]+/u)
    .map((w) => w.replaceAll('"', '').replaceAll('\u0000', ''))
    .filter((w) => w !== '')
    .slice(0, 8);
  const indexed = mode === 'trigram' ? words.filter((w) => [...w].length >= 3) : words;
  const short = mode === 'trigram' ? words.filter((w) => [...w].length < 3) : [];
  const match = indexed.length === 0 ? null : indexed.map((w) => (mode === 'trigram' ? `"${w}"` : `"${w}"*`)).join(' AND ');
  return { words, match, short };
}

/** A LIKE pattern for a folded word, with LIKE's wildcards escaped (ESCAPE '\'). */
export function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
