import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { TRANSLATIONS } from './resources';

// Every literal `t('…')` in the renderer must resolve in both languages (template keys are
// covered by the state/health/kind checks in i18n.test.ts).
const sources = import.meta.glob<string>(['../**/*.tsx', '../**/*.ts', '!../**/*.test.ts', '!../**/*.test.tsx'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('translation keys used by the renderer', () => {
  it('exist in English and French', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      resources: { en: { translation: TRANSLATIONS.en }, fr: { translation: TRANSLATIONS.fr } },
      lng: 'en',
      fallbackLng: false,
    });
    const used = new Set<string>();
    for (const text of Object.values(sources)) {
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) used.add(match[1]!);
      for (const match of text.matchAll(/\bt\(\s*\w+ === '\w+' \? '([a-zA-Z0-9_.-]+)' : '([a-zA-Z0-9_.-]+)'/g))
        used.add(match[1]!).add(match[2]!);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].flatMap((key) =>
      ['en', 'fr'].filter((lng) => !i18n.exists(key, { lng, count: 2 })).map((lng) => `${lng}:${key}`),
    );
    expect(missing).toEqual([]);
  });
});
