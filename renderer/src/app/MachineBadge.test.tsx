import { LOCAL_TARGET_ID } from '@shared/contract/host-targets';
import i18next from 'i18next';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import fr from '../i18n/fr.json';
import { MachineBadgeOf } from './MachineBadge';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n
    .use(initReactI18next)
    .init({ resources: { en: { translation: en }, fr: { translation: fr } }, lng: 'en', fallbackLng: false });
});
const render = (node: ReactNode) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);

describe('the machine lives run on', () => {
  it('names the VPS (its address on hover), and says nothing for this computer', async () => {
    const vps = {
      kind: 'ssh',
      id: 'paris',
      label: 'Paris VPS',
      host: '203.0.113.7',
      port: 22,
      user: 'stream',
      auth: { kind: 'ssh-agent' },
      hasCredential: false,
      hostKeySha256: null,
      state: 'connected',
    } as const;
    const html = render(<MachineBadgeOf target={vps} />);
    expect(html).toContain('On Paris VPS');
    expect(html).toContain('title="stream@203.0.113.7"');
    await i18n.changeLanguage('fr');
    expect(render(<MachineBadgeOf target={vps} />)).toContain('Sur Paris VPS');
    await i18n.changeLanguage('en');
    expect(render(<MachineBadgeOf target={{ kind: 'local', id: LOCAL_TARGET_ID, label: 'x', state: 'connected' }} />)).toBe('');
  });
});
