import { LiveState } from '@shared/contract/lives';
import i18next from 'i18next';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import fr from '../i18n/fr.json';
import { HealthDot, StateBadge } from './StateBadge';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n
    .use(initReactI18next)
    .init({ resources: { en: { translation: en }, fr: { translation: fr } }, lng: 'en', fallbackLng: false });
});

const render = (node: ReactNode) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);
const pillClasses = (html: string) =>
  /class="([^"]+)"/
    .exec(html)![1]!
    .split(' ')
    .filter((c) => /^(bg|text|ring)-/.test(c))
    .sort()
    .join(' ');

describe('StateBadge', () => {
  it('gives each of the ten states its own colour and a translated label', async () => {
    const looks = new Set<string>();
    for (const state of LiveState.options) {
      const html = render(<StateBadge state={state} />);
      expect(html).toContain(`data-state="${state}"`);
      expect(html).toContain(`>${en.state[state]}</span>`);
      looks.add(pillClasses(html));
    }
    expect(looks.size).toBe(LiveState.options.length);
    await i18n.changeLanguage('fr');
    expect(render(<StateBadge state="interrupted" />)).toContain('>Interrompu</span>');
    await i18n.changeLanguage('en');
  });

  it('pulses only for states that are changing or on air', () => {
    const pulsing = LiveState.options.filter((state) => render(<StateBadge state={state} />).includes('animate-pulse'));
    expect(pulsing).toEqual(['starting', 'live', 'reconnecting', 'stopping']);
  });
});

describe('HealthDot', () => {
  it('names the health for screen readers', () => {
    expect(render(<HealthDot health="retrying" />)).toContain('aria-label="Retrying"');
    expect(render(<HealthDot health="failed" />)).toContain('bg-danger');
  });
});
