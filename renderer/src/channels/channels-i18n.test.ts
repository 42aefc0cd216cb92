import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { AccountStatus, ChannelView, IptvProblemCode, TunerUse } from '@shared/contract/iptv';
import { TRANSLATIONS } from '../i18n/resources';

// Keys the channel browser builds from the contract's enums (a failure code, an account status, a
// view, what holds a connection) or picks in a ternary: every value, in both languages, so a code
// added to the contract cannot reach the screen untranslated.
const BUILT_KEYS = [
  ...IptvProblemCode.options.map((code) => `channels.problem.${code}`),
  ...AccountStatus.shape.status.options.map((status) => `channels.account.${status}`),
  ...ChannelView.options.map((view) => `channels.view.${view}`),
  ...TunerUse.shape.purpose.options.map((purpose) => `channels.status.use.${purpose}`),
  'channels.categories.show',
  'channels.categories.hide',
  'channels.provider.added',
  'channels.provider.updated',
  'channels.search.results',
  'channels.search.manyResults',
];

describe('channel browser translations', () => {
  it('exist in English and French for every value the contract can send', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { en: { translation: TRANSLATIONS.en }, fr: { translation: TRANSLATIONS.fr } }, lng: 'en' });
    const missing = BUILT_KEYS.flatMap((key) =>
      ['en', 'fr'].filter((lng) => !i18n.exists(key, { lng, count: 2, fallbackLng: false })).map((lng) => `${lng}:${key}`),
    );
    expect(missing).toEqual([]);
  });
});
