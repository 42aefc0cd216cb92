import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchE2eBrowser, type E2eBrowser } from '../support/e2e-browser';
import { startWebHostProcess, type WebHostProcess } from '../support/webhost';

// Issue 12, point 7: a playlist live's page says what is playing and what comes next, and the
// line moves on with the files, through the built web host and a real engine playing them.
const run = promisify(execFile);
const LONG = 120_000;
let host: WebHostProcess;
let en: E2eBrowser;
let mediaDir: string;
const names = ['Opening titles.mp4', 'Main feature.mp4', 'Credits.mp4'];

beforeAll(async () => {
  mediaDir = await mkdtemp(path.join(os.tmpdir(), 'lm-now-playing-e2e-'));
  for (const name of names) {
    await run('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=640x360:r=25:d=6', '-f', 'lavfi', '-i', 'sine=d=6'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25', '-c:a', 'aac'],
      path.join(mediaDir, name),
    ]);
  }
  host = await startWebHostProcess();
  en = await launchE2eBrowser({ locale: 'en-US' });
}, LONG);

afterAll(async () => {
  await en?.close();
  await host?.stop();
  await rm(mediaDir, { recursive: true, force: true });
});

async function startPlaylist(page: Page, paths: string[]): Promise<string> {
  await page.locator('[data-testid=lives-empty], [data-testid=lives-list]').first().waitFor({ timeout: 30_000 });
  return page.evaluate(async (files) => {
    const api = (
      globalThis as unknown as {
        livemanager: { lives: { create(f: unknown): Promise<{ id: string }>; start(i: unknown): Promise<unknown> } };
      }
    ).livemanager;
    const live = await api.lives.create({
      title: 'Friday screening',
      source: { kind: 'playlist', paths: files },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    await api.lives.start({ liveId: live.id });
    return live.id;
  }, paths);
}

describe('a playlist live page', () => {
  it(
    'shows now playing and up next, moving from file 1 to file 2 (en, dark)',
    async () => {
      const page = await en.open(`${host.url}#/lives`);
      const liveId = await startPlaylist(
        page,
        names.map((name) => path.join(mediaDir, name)),
      );
      await page.goto(`${host.url}#/lives/${liveId}`);
      const line = page.locator('[data-testid=now-playing]');
      await line.filter({ hasText: 'Now playing: Opening titles.mp4 · Up next: Main feature.mp4' }).waitFor({ timeout: LONG });
      await line.filter({ hasText: 'Now playing: Main feature.mp4 · Up next: Credits.mp4' }).waitFor({ timeout: 30_000 });
      await expect(line.textContent()).resolves.toContain('(file 2 of 3)');
      await en.shot(page, 'detail-now-playing-dark-en');
      expect(en.problems).toEqual([]);
    },
    LONG,
  );
});
