import { describe, expect, it } from 'vitest';
import en from './en.json';
import fr from './fr.json';

/** Every key path of a translation tree, plural suffixes folded (`count_one` → `count`). */
function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? keys(value as object, `${prefix}${key}.`)
      : [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`],
  );
}

describe('translations', () => {
  it('have the same keys in English and French', () => {
    expect([...new Set(keys(fr))].sort()).toEqual([...new Set(keys(en))].sort());
  });

  it('translate every live state, health and destination kind', () => {
    for (const tree of [en, fr]) {
      expect(Object.keys(tree.state)).toHaveLength(10);
      expect(Object.keys(tree.health).sort()).toEqual(['connecting', 'failed', 'idle', 'live', 'retrying']);
      expect(Object.keys(tree.destination.kind)).toHaveLength(6);
      expect(Object.keys(tree.destination.defaultName).sort()).toEqual(Object.keys(tree.destination.kind).sort());
    }
    expect(new Set(Object.values(fr.state)).size).toBe(10);
  });
});
