import { DatabaseSync } from 'node:sqlite';
import { foldForSearch } from '@shared/format/fold-for-search';

/**
 * Substring search through FTS5, shared by the domains that search names (IPTV catalogs, the
 * media library): one detection of the tokenizer, one way to turn a search box into MATCH.
 */

/** Which FTS5 tokenizer this SQLite offers for substring, accent-insensitive search. */
export type SearchMode = 'trigram' | 'words';

let detected: SearchMode | undefined;

/**
 * SQLite ≥ 3.45 has the trigram tokenizer with `remove_diacritics` (Node 24 bundles 3.5x): any
 * substring of 3+ characters matches, accents ignored. Older builds fall back to unicode61 with
 * prefix queries (word starts only); the search code handles both.
 */
export function searchMode(): SearchMode {
  if (detected) return detected;
  const probe = new DatabaseSync(':memory:');
  try {
    probe.exec("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram remove_diacritics 1', content='')");
    detected = 'trigram';
  } catch {
    detected = 'words';
  } finally {
    probe.close();
  }
  return detected;
}

/** The `tokenize=` value of an FTS5 table for this mode. */
export function ftsTokenizer(mode: SearchMode): string {
  return mode === 'trigram' ? 'trigram remove_diacritics 1' : 'unicode61 remove_diacritics 2';
}

/** What a search box's text becomes: the words, folded, each to be found as a substring. */
export interface SearchTerms {
  readonly words: readonly string[];
  /** An FTS5 MATCH expression for the words the index can serve, or null when none can. */
  readonly match: string | null;
  /** Words the index cannot serve (shorter than a trigram): checked with LIKE/instr on the names. */
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
