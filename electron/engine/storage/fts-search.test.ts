import { describe, expect, it } from 'vitest';
import { foldForSearch } from '@shared/format/fold-for-search';
import { likePattern, searchTerms } from './fts-search';

describe('search terms', () => {
  it('folds accents and case as FTS5 remove_diacritics does', () => {
    expect(foldForSearch('Café TÉLÉ Ñandú Œuvre')).toBe('cafe tele nandu œuvre');
  });

  it('quotes every word (FTS syntax is text) and sends short words to LIKE (trigram mode)', () => {
    expect(searchTerms('  Euro "sport"  OR -1 ', 'trigram')).toEqual({
      words: ['euro', 'sport', 'or', '-1'],
      match: '"euro" AND "sport"',
      short: ['or', '-1'],
    });
    expect(searchTerms('tf', 'trigram')).toEqual({ words: ['tf'], match: null, short: ['tf'] });
  });

  it('falls back to word prefixes where SQLite has no trigram tokenizer', () => {
    expect(searchTerms('Café sp', 'words')).toEqual({ words: ['cafe', 'sp'], match: '"cafe"* AND "sp"*', short: [] });
  });

  it('escapes LIKE wildcards', () => {
    expect(likePattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
