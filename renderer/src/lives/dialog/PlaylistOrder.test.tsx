import i18next from 'i18next';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import fr from '../../i18n/fr.json';
import { moveTo, playlistPaths } from './playlist-order';
import { PlaylistOrder } from './PlaylistOrder';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n
    .use(initReactI18next)
    .init({ resources: { en: { translation: en }, fr: { translation: fr } }, lng: 'en', fallbackLng: false });
});
const render = (node: ReactNode) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);

describe('playlist order', () => {
  it('moves a file to any place (a drop) or by one (the buttons), clamped into the list', () => {
    const files = ['a', 'b', 'c', 'd'];
    expect(moveTo(files, 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveTo(files, 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveTo(files, 1, 0)).toEqual(['b', 'a', 'c', 'd']);
    expect(moveTo(files, 2, 3)).toEqual(['a', 'b', 'd', 'c']);
    expect(moveTo(files, 0, -1)).toEqual(files);
    expect(moveTo(files, 3, 9)).toEqual(files);
    expect(moveTo(files, 7, 0)).toEqual(files);
    expect(files).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reads the paths text one file a line, blank lines and spaces ignored', () => {
    expect(playlistPaths(' /v/a.mp4\n\n/v/b c.mp4 \n')).toEqual(['/v/a.mp4', '/v/b c.mp4']);
  });

  it('lists the files in order, draggable, each with labelled move buttons (none past the ends)', () => {
    const html = render(<PlaylistOrder paths={'/v/intro.mp4\n/v/ep 1.mkv\n/v/outro.mp4'} onChange={() => undefined} />);
    const rows = [...html.matchAll(/<li[^>]*draggable="true"[^>]*>(.*?)<\/li>/g)].map((m) => m[1] ?? '');
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => /title="([^"]+)"/.exec(r)?.[1])).toEqual(['/v/intro.mp4', '/v/ep 1.mkv', '/v/outro.mp4']);
    expect(rows[0]).toMatch(/aria-label="Move intro.mp4 up"[^>]*disabled/);
    expect(rows[0]).not.toMatch(/aria-label="Move intro.mp4 down"[^>]*disabled/);
    expect(rows[2]).toMatch(/aria-label="Move outro.mp4 down"[^>]*disabled/);
    expect(rows[1]).toContain('aria-label="Move ep 1.mkv up"');
  });

  it('shows nothing for fewer than two files', () => {
    expect(render(<PlaylistOrder paths="/v/only.mp4" onChange={() => undefined} />)).toBe('');
  });
});
