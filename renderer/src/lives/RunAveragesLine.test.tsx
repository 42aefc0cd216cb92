import type { RunStats } from '@shared/contract/lives';
import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRANSLATIONS } from '../i18n/resources';
import { RunAveragesLine, runAverages } from './RunAveragesLine';

const sample = (at: string, fps: number, average?: RunStats['average']): RunStats => ({
  at,
  fps,
  bitrateKbps: 900,
  speed: 1,
  frames: 300,
  dropped: 0,
  duplicated: 0,
  outTimeMs: 10_000,
  cpuPercent: 12,
  rssBytes: 80 * 1024 * 1024,
  destinations: [],
  ...(average ? { average } : {}),
});

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: TRANSLATIONS.en }, fr: { translation: TRANSLATIONS.fr } },
    lng: 'fr',
    fallbackLng: false,
  });
});

const render = (stats: RunStats[], lng: string): string => {
  void i18n.changeLanguage(lng);
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <RunAveragesLine stats={stats} />
    </I18nextProvider>,
  );
};

describe('run summary averages', () => {
  const stats = [
    sample('2026-11-21T06:00:00.000Z', 24, { fps: 25, bitrateKbps: 2950, speed: 1 }),
    // The current figure dips; the run's average is what the summary shows.
    sample('2026-11-21T06:00:05.000Z', 12, { fps: 24.6, bitrateKbps: 2940, speed: 0.99 }),
    sample('2026-11-21T06:00:10.000Z', 0),
  ];

  it('takes the averages of the last sample that has them', () => {
    expect(runAverages(stats)).toEqual({ fps: 24.6, bitrateKbps: 2940, speed: 0.99 });
    expect(runAverages([sample('2026-11-21T06:00:00.000Z', 30)])).toBeNull();
  });

  it('shows the whole-run averages, not the last window, in the UI language', () => {
    const en = render(stats, 'en');
    expect(en).toContain('Run averages:');
    expect(en).toContain('24.6 fps · 2.94 Mbit/s · speed 0.99x');
    const fr = render(stats, 'fr');
    expect(fr).toContain('Moyennes de la diffusion :');
    expect(fr).toContain('24,6 i/s · 2,94 Mbit/s · vitesse 0,99x');
  });

  it('says nothing for a run stored before averages existed', () => {
    expect(render([sample('2026-11-21T06:00:00.000Z', 30)], 'en')).toBe('');
  });
});
