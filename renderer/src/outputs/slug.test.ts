import { describe, expect, it } from 'vitest';
import { OutputSlug } from '@shared/contract/outputs';
import { slugOf } from './slug';

describe('the address name suggested from a title', () => {
  it('is a valid slug: accents dropped, dashes between words, none at either end, 40 characters at most', () => {
    expect(slugOf('Soirée au salon')).toBe('soiree-au-salon');
    expect(slugOf('  --Le Grand Écran!! ')).toBe('le-grand-ecran');
    const long = slugOf(`${'a'.repeat(39)} b`);
    expect(long).toBe('a'.repeat(39));
    for (const title of ['Soirée au salon', 'Ça va ?', 'x'.repeat(80), 'Ligue 1 – Match']) {
      expect(OutputSlug.safeParse(slugOf(title)).success).toBe(true);
    }
  });
});
