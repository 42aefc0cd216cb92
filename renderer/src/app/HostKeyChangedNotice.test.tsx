import i18next from 'i18next';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import fr from '../i18n/fr.json';
import { canAccept, HostKeyReview } from './HostKeyChangedNotice';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n
    .use(initReactI18next)
    .init({ resources: { en: { translation: en }, fr: { translation: fr } }, lng: 'en', fallbackLng: false });
});
const render = (node: ReactNode) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);

const problem = { pinned: `SHA256:${'A'.repeat(43)}`, presented: `SHA256:${'B'.repeat(43)}` };

describe('reviewing a changed host key', () => {
  it('shows the pinned and the new fingerprint, in full, and an unticked confirmation', () => {
    const html = render(<HostKeyReview problem={problem} checked={false} onChecked={() => undefined} error={null} />);
    expect(html).toMatch(new RegExp(`Pinned key</dt><dd[^>]*>${problem.pinned}</dd>`));
    expect(html).toMatch(new RegExp(`New key</dt><dd[^>]*>${problem.presented}</dd>`));
    expect(html).toContain('I checked the new fingerprint with my hosting provider');
    expect(html).not.toMatch(/type="checkbox"[^>]*checked/);
  });

  it('accepts only once the user ticked the confirmation, and not twice at once', () => {
    expect(canAccept(false, false)).toBe(false);
    expect(canAccept(true, true)).toBe(false);
    expect(canAccept(true, false)).toBe(true);
  });

  it('says it in French too', async () => {
    await i18n.changeLanguage('fr');
    const html = render(<HostKeyReview problem={problem} checked onChecked={() => undefined} error={null} />);
    await i18n.changeLanguage('en');
    expect(html).toContain('Nouvelle clé');
    expect(html).toContain('J’ai vérifié la nouvelle empreinte auprès de mon hébergeur');
  });
});
