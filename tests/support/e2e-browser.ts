import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from './webhost';

/** Screenshots a person looks at: committed in docs/ (see docs/renderer.md). */
export const DOC_SCREENSHOTS = path.join(REPO_ROOT, 'docs/screenshots');

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export interface E2eBrowser {
  readonly context: BrowserContext;
  /** Uncaught page errors and React/Radix warnings seen so far (resource 404s excluded). */
  readonly problems: string[];
  open(url: string): Promise<Page>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium with a fresh profile, in a language and zone of the test's choosing
 * (native date pickers and `Intl` follow the browser's locale).
 */
export async function launchE2eBrowser(options: {
  locale: 'en-US' | 'fr-FR';
  viewport?: { width: number; height: number };
  /** Messages that are expected (a WebSocket refused while the host is down). */
  expectedConsole?: RegExp;
}): Promise<E2eBrowser> {
  await mkdir(DOC_SCREENSHOTS, { recursive: true });
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'lm-chromium-e2e-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    // --lang: the native widgets (date and time pickers) follow the system's language, not `locale`.
    args: [...CHROMIUM_FLAGS, `--lang=${options.locale}`],
    locale: options.locale,
    timezoneId: 'Europe/Paris',
    viewport: options.viewport ?? { width: 1280, height: 800 },
    // An OS that prefers dark: the theme follows the system by default (`?theme=` wins per page).
    colorScheme: 'dark',
  });
  const problems: string[] = [];
  return {
    context,
    problems,
    async open(url) {
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        const text = message.text();
        if (message.type() !== 'error' && message.type() !== 'warning') return;
        if (/Failed to load resource/.test(text) || options.expectedConsole?.test(text)) return;
        problems.push(text);
      });
      await page.goto(url);
      return page;
    },
    async shot(page, name) {
      await page.screenshot({ path: path.join(DOC_SCREENSHOTS, `${name}.png`) });
    },
    async close() {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}
