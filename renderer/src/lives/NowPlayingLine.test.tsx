import type { RunStats } from '@shared/contract/lives';
import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRANSLATIONS } from '../i18n/resources';
import { NowPlayingLine } from './NowPlayingLine';

const sample = (playlist?: RunStats['playlist']): RunStats => ({
  at: '2026-12-01T01:00:00.000Z',
  fps: 25,
  bitrateKbps: 900,
  speed: 1,
  frames: 300,
  dropped: 0,
  duplicated: 0,
  outTimeMs: 12_000,
  cpuPercent: 12,
  rssBytes: 80 * 1024 * 1024,
  destinations: [],
  ...(playlist ? { playlist } : {}),
});

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: TRANSLATIONS.en }, fr: { translation: TRANSLATIONS.fr } },
    lng: 'en',
    fallbackLng: false,
  });
});

const render = (stats: RunStats | undefined, lng: string): string => {
  void i18n.changeLanguage(lng);
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <NowPlayingLine stats={stats} />
    </I18nextProvider>,
  );
};

describe('now playing line', () => {
  const middle = sample({
    count: 3,
    playing: { index: 1, name: 'talk.mp4' },
    next: { index: 2, name: 'outro.mp4' },
  });

  it('names the file playing and the next one, in the UI language', () => {
    const en = render(middle, 'en');
    expect(en).toContain('Now playing: talk.mp4 · Up next: outro.mp4');
    expect(en).toContain('(file 2 of 3)');
    const fr = render(middle, 'fr');
    expect(fr).toContain('En cours : talk.mp4 · Ensuite : outro.mp4');
    expect(fr).toContain('(fichier 2 sur 3)');
  });

  it('says it is the last file when nothing follows', () => {
    const last = sample({ count: 3, playing: { index: 2, name: 'outro.mp4' }, next: null });
    expect(render(last, 'en')).toContain('Now playing: outro.mp4 · last file');
  });

  it('shows nothing for a live that is not a playlist, or without figures', () => {
    expect(render(sample(), 'en')).toBe('');
    expect(render(undefined, 'en')).toBe('');
  });
});
