import type { RunStats } from '@shared/contract/lives';
import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import { StatsPanel } from './StatsPanel';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.use(initReactI18next).init({ resources: { en: { translation: en } }, lng: 'en', fallbackLng: false });
});

const sample = (bitrateKbps: number | null): RunStats => ({
  at: '2026-11-21T06:00:00.000Z',
  fps: 30,
  bitrateKbps,
  speed: 1,
  frames: 300,
  dropped: 0,
  duplicated: 0,
  outTimeMs: 10_000,
  cpuPercent: 12,
  rssBytes: 80 * 1024 * 1024,
  destinations: [],
});

const bitrateCell = (stats: RunStats): string => {
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <StatsPanel stats={stats} run={undefined} running={false} />
    </I18nextProvider>,
  );
  return /data-stat="bitrate"><dt[^>]*>[^<]*<\/dt><dd[^>]*>([^<]*)<\/dd>/.exec(html)?.[1] ?? '';
};

describe('StatsPanel', () => {
  it('shows the bitrate FFmpeg reports', () => {
    expect(bitrateCell(sample(2500))).toMatch(/^2[.,]5 ?Mbit\/s$/);
  });

  it('shows a dash, not 0, when FFmpeg cannot tell the bitrate (an HLS writer in direct mode)', () => {
    expect(bitrateCell(sample(null))).toBe('—');
  });
});

describe('StatsPanel while the engine is out of reach', () => {
  it('stops pretending: every figure is a dash and a line says why', () => {
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={i18n}>
        <StatsPanel
          stats={sample(2500)}
          run={{ id: 'r', liveId: 'l', startedAt: '2026-11-21T06:00:00.000Z', state: 'live', restarts: 2 }}
          running
          frozen
        />
      </I18nextProvider>,
    );
    const values = [...html.matchAll(/<dd[^>]*>([^<]*)<\/dd>/g)].map((m) => m[1]);
    expect(values).toHaveLength(8);
    expect(new Set(values)).toEqual(new Set(['—']));
    expect(html).toContain('data-testid="stats-frozen"');
    expect(html).toContain(en.stats.frozen);
  });
});
