import { describe, expect, it } from 'vitest';
import { DestinationKind } from '@shared/contract/lives';
import en from './en.json';
import fr from './fr.json';
import { LOCALE_FILES, TRANSLATIONS } from './resources';

/** Every key path of a translation tree, plural suffixes folded (`count_one` → `count`). */
function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? keys(value as object, `${prefix}${key}.`)
      : [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`],
  );
}

describe('translations', () => {
  it('have the same keys in English and French, domain files included', () => {
    expect([...new Set(keys(TRANSLATIONS.fr))].sort()).toEqual([...new Set(keys(TRANSLATIONS.en))].sort());
  });

  it('come in pairs: every domain that has a translation file has it in both languages', () => {
    const domains = (language: string) =>
      LOCALE_FILES.filter((f) => f.language === language)
        .map((f) => f.domain)
        .sort();
    expect(domains('fr')).toEqual(domains('en'));
    expect(LOCALE_FILES.every((f) => f.language === 'en' || f.language === 'fr')).toBe(true);
  });

  it('translate every live state, health and destination kind', () => {
    for (const tree of [en, fr]) {
      expect(Object.keys(tree.state)).toHaveLength(10);
      expect(Object.keys(tree.health).sort()).toEqual(['connecting', 'failed', 'idle', 'live', 'retrying']);
      expect(Object.keys(tree.destination.kind).sort()).toEqual([...DestinationKind.options].sort());
      expect(Object.keys(tree.destination.defaultName).sort()).toEqual(Object.keys(tree.destination.kind).sort());
    }
    expect(new Set(Object.values(fr.state)).size).toBe(10);
  });
});
