import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { LinkState, OutputAccess } from '@shared/contract/outputs';
import { TRANSLATIONS } from '../i18n/resources';

// Keys the outputs page builds from the contract's enums: every value, in both languages, so a
// link state or an access mode added to the contract cannot reach the screen untranslated.
const BUILT_KEYS = [
  ...LinkState.options.map((state) => `outputs.links.state.${state}`),
  ...OutputAccess.options.flatMap((access) => [`outputs.access.${access}`, `outputs.access.${access}Hint`]),
];

describe('outputs page translations', () => {
  it('exist in English and French for every value the contract can send', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { en: { translation: TRANSLATIONS.en }, fr: { translation: TRANSLATIONS.fr } }, lng: 'en' });
    const missing = BUILT_KEYS.flatMap((key) =>
      ['en', 'fr'].filter((lng) => !i18n.exists(key, { lng, fallbackLng: false })).map((lng) => `${lng}:${key}`),
    );
    expect(missing).toEqual([]);
  });
});
