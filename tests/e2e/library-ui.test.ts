import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Live } from '@shared/contract/lives';
import { launchE2eBrowser, type E2eBrowser } from '../support/e2e-browser';
import { startWebHostProcess, type WebHostProcess } from '../support/webhost';

// Issue 12, points 2, 6, 7 and 8 in Chromium through the built web host and a real engine:
// files uploaded by the file input and by a drop, probed and judged, searched and filtered, an
// item's tracks chosen for a live, an optimize job run, a playlist made from picked items.
const run = promisify(execFile);
const LONG = 120_000;
let host: WebHostProcess;
let en: E2eBrowser;
let fr: E2eBrowser;
let mediaDir: string;
const files = { show: '', concert: '', interview: '' };

/** Fixtures made here with FFmpeg: an H.264/AAC MP4, an HEVC MKV with two languages and subtitles, an AC3 MKV. */
async function makeFixtures(dir: string): Promise<void> {
  const ff = (args: string[]) => run('ffmpeg', ['-v', 'error', '-y', ...args]);
  files.show = path.join(dir, 'Morning show.mp4');
  await ff([
    ...['-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=25:d=6', '-f', 'lavfi', '-i', 'sine=frequency=440:d=6'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', files.show],
  ]);
  const srt = path.join(dir, 'lines.srt');
  await writeFile(srt, '1\n00:00:00,000 --> 00:00:05,000\nBonsoir !\n');
  files.concert = path.join(dir, 'Concert (HEVC).mkv');
  await ff([
    ...['-f', 'lavfi', '-i', 'smptehdbars=s=960x540:r=25:d=5', '-f', 'lavfi', '-i', 'sine=frequency=330:d=5'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=550:d=5', '-i', srt],
    ...[
      '-map',
      '0:v',
      '-map',
      '1:a',
      '-map',
      '2:a',
      '-map',
      '3:s',
      '-c:v',
      'libx265',
      '-preset',
      'ultrafast',
      '-x265-params',
      'log-level=error',
    ],
    ...['-c:a', 'aac', '-c:s', 'srt', '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fra'],
    ...['-metadata:s:s:0', 'language=fra', files.concert],
  ]);
  files.interview = path.join(dir, 'Interview AC3.mkv');
  await ff([
    ...['-f', 'lavfi', '-i', 'mandelbrot=s=640x360:r=25', '-f', 'lavfi', '-i', 'sine=frequency=220:d=4', '-t', '4'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'ac3', files.interview],
  ]);
}

beforeAll(async () => {
  mediaDir = await mkdtemp(path.join(os.tmpdir(), 'lm-library-e2e-'));
  await makeFixtures(mediaDir);
  host = await startWebHostProcess();
  en = await launchE2eBrowser({ locale: 'en-US', viewport: { width: 1280, height: 820 } });
  fr = await launchE2eBrowser({ locale: 'fr-FR', viewport: { width: 1280, height: 820 } });
}, LONG);

afterAll(async () => {
  await en?.close();
  await fr?.close();
  await host?.stop();
  await rm(mediaDir, { recursive: true, force: true });
});

/** Calls the engine from the page, through the page's own `window.livemanager`. */
async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([name, params]) => {
      const [ns, fn] = name.split('.') as [string, string];
      const api = (globalThis as unknown as { livemanager: Record<string, Record<string, (i: unknown) => Promise<unknown>>> })
        .livemanager;
      return api[ns]![fn]!(params);
    },
    [method, input] as const,
  ) as Promise<T>;
}

/** A file dropped on the page as a person would drop it from their file manager. */
async function dropFile(page: Page, file: string): Promise<void> {
  const bytes = (await readFile(file)).toString('base64');
  await page.evaluate(
    ([name, base64]) => {
      const g = globalThis as unknown as {
        document: { querySelector(s: string): { dispatchEvent(e: unknown): void } };
        DataTransfer: new () => { items: { add(f: unknown): void } };
        DragEvent: new (type: string, init: object) => unknown;
        File: new (parts: unknown[], name: string) => unknown;
        atob(s: string): string;
      };
      const binary = g.atob(base64);
      const data = Uint8Array.from(binary, (c) => c.charCodeAt(0));
      const transfer = new g.DataTransfer();
      transfer.items.add(new g.File([data], name));
      const target = g.document.querySelector('[data-testid=library-page]');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new g.DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    },
    [path.basename(file), bytes] as const,
  );
}

const card = (page: Page, name: string) => page.locator(`[data-testid=library-item][data-item-name="${name}"]`);
const verdictOf = (page: Page, name: string) => card(page, name).locator('[data-testid=item-verdict]');
/** Every poster on screen has loaded (the screenshot shows pictures, not empty boxes). */
const postersLoaded = (page: Page) =>
  page.waitForFunction(() => {
    const doc = (
      globalThis as unknown as {
        document: { querySelectorAll(s: string): Iterable<{ complete: boolean; naturalWidth: number }> };
      }
    ).document;
    const images = [...doc.querySelectorAll('img')];
    return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
  });

/** The page's own scroller back to the top (a click on a track scrolled it). */
const scrollToTop = (page: Page) =>
  page.evaluate(() =>
    (
      globalThis as unknown as { document: { querySelector(s: string): { scrollTo(x: number, y: number): void } | null } }
    ).document
      .querySelector('main')
      ?.scrollTo(0, 0),
  );

describe('the library page', () => {
  it(
    'imports by the file input and by a drop, then shows each file with its poster, duration and verdict (en, dark)',
    async () => {
      const page = await en.open(`${host.url}#/library`);
      await page.locator('[data-testid=library-empty]').waitFor();
      await en.shot(page, 'library-empty-dark-en');
      await page.locator('[data-testid=library-file-input]').setInputFiles([files.show, files.concert]);
      await dropFile(page, files.interview);

      await verdictOf(page, 'Morning show.mp4').filter({ hasText: 'Streams as is' }).waitFor({ timeout: LONG });
      await verdictOf(page, 'Concert (HEVC).mkv').filter({ hasText: 'Video re-encoded' }).waitFor({ timeout: LONG });
      await verdictOf(page, 'Interview AC3.mkv').filter({ hasText: 'Audio re-encoded' }).waitFor({ timeout: LONG });
      await expect(page.locator('[data-testid=library-count]').textContent()).resolves.toBe('3 files');
      await expect(card(page, 'Morning show.mp4').textContent()).resolves.toContain('00:00:06');
      await expect(card(page, 'Morning show.mp4').textContent()).resolves.toContain('h264 · 1280×720 · 25 fps');
      await postersLoaded(page);
      await en.shot(page, 'library-grid-dark-en');

      // Search, then a filter, then the list view.
      await page.locator('[data-testid=library-search]').fill('concert');
      await expect.poll(() => page.locator('[data-testid=library-item]').count(), { timeout: 10_000 }).toBe(1);
      await page.locator('[data-testid=library-search]').fill('');
      await page.locator('[data-testid=filter-verdict]').click();
      await page.getByRole('option', { name: 'Streams as is' }).click();
      await expect.poll(() => page.locator('[data-testid=library-item]').count(), { timeout: 10_000 }).toBe(1);
      await expect(card(page, 'Morning show.mp4').count()).resolves.toBe(1);
      await page.locator('[data-testid=filter-verdict]').click();
      await page.getByRole('option', { name: 'Verdict: all' }).click();
      await page.locator('[data-testid=view-list]').click();
      await expect.poll(() => page.locator('[data-testid=library-list] [data-testid=library-item]').count()).toBe(3);
      await postersLoaded(page);
      await en.shot(page, 'library-list-dark-en');
      expect(en.problems).toEqual([]);
    },
    LONG * 2,
  );

  it(
    'an item’s page: its tracks, the French audio and subtitles chosen, and "use in a live" fills the live dialog',
    async () => {
      const page = await en.open(`${host.url}#/library`);
      await card(page, 'Concert (HEVC).mkv').locator('a').click();
      await page.locator('[data-testid=library-item-page]').waitFor();
      await expect(page.locator('[data-testid=verdict-summary]').textContent()).resolves.toBe('Video re-encoded');
      await expect(page.locator('[data-testid=item-verdict-card]').textContent()).resolves.toContain(
        'video is HEVC, the outputs take H.264',
      );
      await expect(page.locator('[data-testid=video-track]').textContent()).resolves.toContain('HEVC');
      await page.locator('[data-testid=audio-1]').click();
      await page.locator('[data-testid=subtitles-0]').click();
      await expect(page.locator('[data-testid=audio-1]').getAttribute('aria-checked')).resolves.toBe('true');
      await page.locator('[data-testid=item-strip]').waitFor();
      await postersLoaded(page);
      await en.shot(page, 'library-item-tracks-dark-en');
      await scrollToTop(page);
      await en.shot(page, 'library-item-dark-en');

      await page.locator('[data-testid=item-use-in-live]').click();
      const dialog = page.locator('[data-testid=live-dialog]');
      await dialog.waitFor();
      await expect(dialog.locator('[data-field="source.audioLanguage"] input').inputValue()).resolves.toBe('fra');
      await expect(dialog.locator('[data-field="source.burnInSubtitles.language"] input').inputValue()).resolves.toBe('fra');
      await en.shot(page, 'library-use-in-live-dark-en');
      await dialog.locator('[data-testid=save-live]').click();
      await page.locator('[data-testid=live-detail]').waitFor({ timeout: 30_000 });
      const liveId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
      const live = await call<Live>(page, 'lives.get', { liveId });
      expect(live.source).toMatchObject({ kind: 'file', audioLanguage: 'fra', burnInSubtitles: { language: 'fra' } });
      expect(live.title).toBe('Concert (HEVC)');
      expect(en.problems).toEqual([]);
    },
    LONG,
  );

  it(
    'optimize makes a streaming copy with progress, listed under the item once done',
    async () => {
      const page = await en.open(`${host.url}#/library`);
      await card(page, 'Interview AC3.mkv').locator('a').click();
      await page.locator('[data-testid=optimize-start]').click();
      await page.locator('[data-testid=job][data-state=done]').waitFor({ timeout: LONG });
      await page.locator('[data-testid=item-renditions]').getByText('Streaming copy').waitFor({ timeout: 30_000 });
      await en.shot(page, 'library-optimized-dark-en');
      expect(en.problems).toEqual([]);
    },
    LONG * 2,
  );

  it(
    'items picked in order become a playlist live',
    async () => {
      const page = await en.open(`${host.url}#/library`);
      await page.locator('[data-testid=view-grid]').click();
      await card(page, 'Morning show.mp4').hover();
      await card(page, 'Morning show.mp4').locator('[data-testid=item-select]').click();
      await card(page, 'Interview AC3.mkv').hover();
      await card(page, 'Interview AC3.mkv').locator('[data-testid=item-select]').click();
      await expect(page.locator('[data-testid=library-selection]').textContent()).resolves.toContain('2 files selected');
      await page.locator('[data-testid=selection-live]').click();
      const dialog = page.locator('[data-testid=live-dialog]');
      await dialog.waitFor();
      await dialog.locator('[data-testid=source-shuffle]').click();
      const order = async () =>
        (await dialog.locator('[data-field="source.paths"] textarea').inputValue()).split('\n').map((p) => path.basename(p));
      expect(await order()).toEqual(['Morning show.mp4', 'Interview AC3.mkv']);
      // The play order: a row dragged onto another takes its place; the buttons (and the keyboard) move by one.
      const rows = dialog.locator('[data-testid=playlist-row]');
      await rows.nth(1).dragTo(rows.nth(0));
      expect(await order()).toEqual(['Interview AC3.mkv', 'Morning show.mp4']);
      await rows.nth(1).getByRole('button', { name: 'Move Morning show.mp4 up' }).focus();
      await page.keyboard.press('Enter');
      expect(await order()).toEqual(['Morning show.mp4', 'Interview AC3.mkv']);
      await expect(rows.nth(1).locator('[data-testid=playlist-down]').isDisabled()).resolves.toBe(true);
      await en.shot(page, 'library-playlist-dialog-dark-en');
      await dialog.locator('[data-testid=save-live]').click();
      await dialog.waitFor({ state: 'detached', timeout: 30_000 });
      const { items } = await call<{ items: Live[] }>(page, 'lives.list', {});
      expect(items.find((l) => l.source.kind === 'playlist')?.source).toMatchObject({ kind: 'playlist', shuffle: true });
      expect(en.problems).toEqual([]);
    },
    LONG,
  );

  it(
    'in French and light',
    async () => {
      const page = await fr.open(`${host.url}&theme=light&lang=fr#/library`);
      await verdictOf(page, 'Morning show.mp4').filter({ hasText: 'Diffusé tel quel' }).waitFor({ timeout: 30_000 });
      await expect(page.locator('h1').textContent()).resolves.toBe('Médiathèque');
      await postersLoaded(page);
      await fr.shot(page, 'library-grid-light-fr');
      await card(page, 'Concert (HEVC).mkv').locator('a').click();
      await page.locator('[data-testid=item-tracks]').getByText('Incruster fra').waitFor();
      await postersLoaded(page);
      await scrollToTop(page);
      await fr.shot(page, 'library-item-light-fr');
      await page.goto(`${host.url}&theme=light&lang=fr#/library`);
      await page.locator('[data-testid=view-grid]').click();
      for (const name of ['Morning show.mp4', 'Interview AC3.mkv']) {
        await card(page, name).hover();
        await card(page, name).locator('[data-testid=item-select]').click();
      }
      await page.locator('[data-testid=selection-live]').click();
      const dialog = page.locator('[data-testid=live-dialog]');
      await dialog.locator('[data-testid=playlist-order]').getByRole('button', { name: 'Descendre Morning show.mp4' }).waitFor();
      await fr.shot(page, 'library-playlist-dialog-light-fr');
      expect(fr.problems).toEqual([]);
    },
    LONG,
  );
});
