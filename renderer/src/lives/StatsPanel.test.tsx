import type { Run, RunStats } from '@shared/contract/lives';
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

  const html = (stats: RunStats, run?: Run): string =>
    renderToStaticMarkup(
      <I18nextProvider i18n={i18n}>
        <StatsPanel stats={stats} run={run} running />
      </I18nextProvider>,
    );

  it('warns while the live is degraded (slower than real time), and not otherwise', () => {
    const slow = { ...sample(400), speed: 0.48, health: 'degraded' as const };
    expect(html(slow)).toMatch(/data-testid="degraded-warning"[^>]*>.*Slower than real time \(0[.,]48x\)/);
    expect(html({ ...sample(400), health: 'normal' })).not.toContain('degraded-warning');
  });

  it('shows a source being retried, with its attempt, its countdown and its deadline', () => {
    const retrying: RunStats = {
      ...sample(null),
      at: new Date().toISOString(),
      restarts: 2,
      sourceRetry: { attempt: 3, retryInSec: 4, reason: 'Source: Connection refused', giveUpInSec: 280 },
    };
    const markup = html(retrying, {
      id: 'r1',
      liveId: 'l1',
      startedAt: new Date().toISOString(),
      state: 'starting',
      restarts: 0,
    });
    expect(markup).toContain('Source unreachable — retrying in 4 s, attempt 3');
    expect(markup).toMatch(/gives up in 2(79|80) s/);
    expect(markup).toContain('Source: Connection refused');
    // The restarts figure is the sample's (current), not the run's as last read.
    expect(/Restarts<\/dt><dd[^>]*>(\d+)</.exec(markup)?.[1]).toBe('2');
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
