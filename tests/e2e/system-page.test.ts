import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseVersionLine } from '../../electron/engine/ffmpeg/locate';
import { REPO_ROOT, startWebHostProcess, type WebHostProcess } from '../support/webhost';

// The first slice through every layer: the built renderer in Chromium, over the web host's
// WebSocket, calling the real engine's system.info, which runs the real ffmpeg.
const SCREENSHOTS = path.join(REPO_ROOT, 'artifacts/screenshots');
/** The system page's route (the app may open on another page by default). */
const SYSTEM = '#/system';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let profileDir: string;
let context: BrowserContext;
let host: WebHostProcess | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  profileDir = await mkdtemp(path.join(os.tmpdir(), 'lm-chromium-'));
  // A persistent context on a fresh folder: the fresh user-data dir the brief asks for.
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    locale: 'en-US',
    viewport: { width: 1100, height: 760 },
    // The theme follows the system by default: a dark one here.
    colorScheme: 'dark',
  });
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await rm(profileDir, { recursive: true, force: true });
});

afterEach(async () => {
  await host?.stop();
  host = undefined;
  pageErrors.length = 0;
});

async function openPage(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  return page;
}

/** Wait (generously: two cores shared with other suites) for a selector; on failure say what the page shows. */
async function shown(page: Page, selector: string): Promise<Locator> {
  const locator = page.locator(selector).first();
  try {
    await locator.waitFor({ timeout: 60_000 });
  } catch (error) {
    const text = await page
      .locator('body')
      .innerText({ timeout: 5_000 })
      .catch(() => '(unreadable)');
    throw new Error(
      `${selector} never appeared at ${page.url()}; the page shows: ${text.slice(0, 500)}; errors: ${pageErrors.join(' | ')}`,
      { cause: error },
    );
  }
  return locator;
}

function installedFfmpegVersion(): string {
  const version = parseVersionLine(execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }), 'ffmpeg');
  if (!version) throw new Error('could not read the version printed by ffmpeg -version');
  return version;
}

describe('system page in Chromium through the web host', { timeout: 120_000 }, () => {
  it('shows the FFmpeg version this machine reports (dark, English)', async () => {
    const expected = installedFfmpegVersion();
    host = await startWebHostProcess();
    const page = await openPage(`${host.url}${SYSTEM}`);
    const version = await shown(page, '[data-testid=ffmpeg-version]');
    expect(await version.textContent()).toBe(expected);
    expect(await page.locator('[data-testid=ffprobe-version]').textContent()).toBe(expected);
    expect(await page.locator('h1').textContent()).toBe('This computer');
    expect((await page.locator('html').getAttribute('class'))?.split(/\s+/)).toContain('dark');
    // The token leaves the address bar once the page holds it.
    expect(page.url()).not.toContain(host.token);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'system-dark-en.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('renders light and in French with ?theme=light&lang=fr', async () => {
    const expected = installedFfmpegVersion();
    host = await startWebHostProcess();
    const page = await openPage(`${host.url}&theme=light&lang=fr${SYSTEM}`);
    await shown(page, '[data-testid=ffmpeg-version]');
    expect(await page.locator('[data-testid=ffmpeg-version]').textContent()).toBe(expected);
    expect(await page.locator('h1').textContent()).toBe('Cet ordinateur');
    expect((await page.locator('html').getAttribute('class'))?.split(/\s+/) ?? []).not.toContain('dark');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'system-light-fr.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('explains that FFmpeg is missing, and how to install it, when it cannot be found', async () => {
    const emptyBin = await mkdtemp(path.join(os.tmpdir(), 'lm-no-ffmpeg-'));
    try {
      host = await startWebHostProcess({ env: { ...process.env, LIVEMANAGER_FFMPEG: '/nonexistent', PATH: emptyBin } });
      const page = await openPage(`${host.url}${SYSTEM}`);
      const missing = await shown(page, '[data-testid=ffmpeg-missing]');
      const reason = (await missing.textContent()) ?? '';
      expect(reason).toMatch(/^ffmpeg not found\./);
      expect(reason).toContain('/nonexistent/ffmpeg');
      if (process.platform === 'linux') expect(reason).toContain('sudo apt install ffmpeg');
      expect(await page.locator('[data-testid=ffmpeg-card]').textContent()).toContain('Not found');
      expect(await page.locator('[data-testid=ffmpeg-version]').count()).toBe(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'system-ffmpeg-missing.png'), fullPage: true });
      await page.close();
    } finally {
      await rm(emptyBin, { recursive: true, force: true });
    }
  });

  it('refuses a page opened without the token, with a clear message', async () => {
    host = await startWebHostProcess();
    const page = await openPage(host.origin + '/');
    const alert = await shown(page, '[role=alert]');
    expect(await alert.textContent()).toContain('carries the access token');
    await page.close();
  });

  it('keeps the repository out of reach of the built host, and sends its CSP', async () => {
    host = await startWebHostProcess();
    const { hostname, port } = new URL(host.origin);
    expect(hostname).toBe('127.0.0.1');
    const get = (rawPath: string) =>
      new Promise<{ status: number; csp: unknown; body: string }>((resolve, reject) => {
        request({ host: '127.0.0.1', port: Number(port), path: rawPath }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, csp: res.headers['content-security-policy'], body }));
        })
          .on('error', reject)
          .end();
      });
    // out/renderer is two levels below the repository's package.json.
    for (const rawPath of [
      '/../package.json',
      '/../../package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
      '/../main/webhost.js',
    ]) {
      const res = await get(rawPath);
      expect(res.body, rawPath).not.toContain('"devDependencies"');
      expect(res.body, rawPath).not.toContain('LIVEMANAGER_WEB_URL');
    }
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.csp).toMatch(/default-src 'self'/);
  });
});
