import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVersionLine } from '../../electron/engine/ffmpeg/locate';
import { seriousA11yViolations } from '../support/axe';
import { DOC_SCREENSHOTS, launchE2eBrowser, type E2eBrowser } from '../support/e2e-browser';
import { startTestSmtp, type TestSmtpServer } from '../support/smtp';
import { startWebHostProcess, type WebHostProcess } from '../support/webhost';

// Issue 11, points 4, 6 and 7: the settings page in Chromium through the web host and the real
// engine. Every part is saved, the page is reloaded, and what it reads back is what was set; the
// test mail reaches a real SMTP server, and the relay's password is in no file of the data folder.
let host: WebHostProcess;
let smtp: TestSmtpServer;
let dataDir: string;
let en: E2eBrowser;
let fr: E2eBrowser;
const SMTP_PASSWORD = 'relay-Secret-4242';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lm-settings-e2e-'));
  smtp = await startTestSmtp({ auth: { user: 'mailer', pass: SMTP_PASSWORD } });
  host = await startWebHostProcess({ dataDir });
  en = await launchE2eBrowser({ locale: 'en-US' });
  fr = await launchE2eBrowser({ locale: 'fr-FR' });
}, 120_000);

afterAll(async () => {
  await en?.close();
  await fr?.close();
  await host?.stop();
  await smtp?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Every file under `dir` (the engine's database, its secret store, the host's settings file). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function pick(page: Page, trigger: string, item: string): Promise<void> {
  await page.locator(`[data-testid=${trigger}]`).click();
  await page.locator(`[data-testid=${item}]`).click();
}

const settingsUrl = (query = 'theme=dark') => `${host.url.replace('/?', `/?${query}&`)}#/settings`;

describe('the settings page', () => {
  it('saves FFmpeg-independent settings, reads them back after a reload, and sends a test mail through a real SMTP server (en)', async () => {
    const page = await en.open(settingsUrl());
    await page.locator('[data-testid=settings-page]').waitFor({ timeout: 60_000 });

    // FFmpeg: the version this machine reports, with its encoders.
    const version = parseVersionLine(execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }), 'ffmpeg');
    await page.locator('[data-testid=settings-ffmpeg-version]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid=settings-ffmpeg-version]').textContent()).toBe(version);
    expect(await page.locator('[data-testid=encoders-count]').textContent()).toMatch(/^\d+ encoders?$/);
    expect(await page.locator('[data-testid=encoders-count]').textContent()).not.toBe('0 encoders');

    // SMTP: the password shown only on demand, then saved and never shown again.
    await page.locator('[data-testid=smtp-host]').fill('127.0.0.1');
    await page.locator('[data-testid=smtp-port]').fill(String(smtp.port));
    await pick(page, 'smtp-security', 'smtp-security-none');
    await page.locator('[data-testid=smtp-user]').fill('mailer');
    const password = page.locator('[data-testid=smtp-password]');
    await password.fill(SMTP_PASSWORD);
    expect(await password.getAttribute('type')).toBe('password');
    await page.locator('[data-testid=smtp-show-password]').click();
    expect(await password.getAttribute('type')).toBe('text');
    await page.locator('[data-testid=smtp-show-password]').click();
    expect(await password.getAttribute('type')).toBe('password');
    await page.locator('[data-testid=smtp-from]').fill('LiveManager <streams@example.test>');
    await page.locator('[data-testid=smtp-notify-to]').fill('me@example.test');
    await page.locator('[data-testid=smtp-save]').click();
    await page.locator('[data-sonner-toast]', { hasText: 'E-mail settings saved' }).first().waitFor({ timeout: 30_000 });

    // Notification preferences, the schedule's grace window, and the app's own settings.
    const failedByMail = page.locator('[data-testid="pref-email-live.failed"]');
    expect(await failedByMail.getAttribute('aria-checked')).toBe('true');
    await failedByMail.click();
    await page.locator('[data-testid="pref-email-live.failed"][aria-checked=false]').waitFor();
    await page.locator('[data-testid=grace-minutes]').fill('45');
    await page.locator('[data-testid=grace-save]').click();
    await page.locator('[data-sonner-toast]', { hasText: 'Schedule settings saved' }).first().waitFor({ timeout: 30_000 });
    // What a saturated machine does: saved on the engine when picked.
    expect(await page.locator('[data-testid=overload-policy]').textContent()).toBe('Start it anyway, with a warning');
    await pick(page, 'overload-policy', 'overload-queue');
    await page.locator('[data-sonner-toast]', { hasText: 'Busy machine setting saved' }).first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=start-at-login]').click();
    await page.locator('[data-testid=start-at-login][aria-checked=true]').waitFor();

    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.locator('main').evaluate((main) => main.scrollTo(0, 0));
    await en.shot(page, 'settings-dark-en');
    await page
      .locator('[data-testid=settings-smtp]')
      .screenshot({ path: path.join(DOC_SCREENSHOTS, 'settings-smtp-dark-en.png') });

    // A test mail, received by the relay with the credentials saved above.
    await page.locator('[data-testid=smtp-test-to]').fill('ops@example.test');
    await page.locator('[data-testid=smtp-test]').click();
    const [mail] = await smtp.waitFor(1, 30_000);
    expect(mail!.to).toEqual(['ops@example.test']);
    expect(smtp.logins).toContainEqual({ user: 'mailer', ok: true });
    await page.locator('[data-testid=mail-state][data-state=idle]').waitFor({ timeout: 30_000 });

    // Read back after a reload: every value as saved, the password as a mask only.
    await page.reload();
    await page.locator('[data-testid=smtp-host]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=grace-minutes]').and(page.locator('[value="45"]')).waitFor({ timeout: 30_000 });
    await page
      .locator('[data-testid=overload-policy]', { hasText: 'Wait in the queue until there is room' })
      .waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=smtp-host]').inputValue()).toBe('127.0.0.1');
    expect(await page.locator('[data-testid=smtp-port]').inputValue()).toBe(String(smtp.port));
    expect(await page.locator('[data-testid=smtp-user]').inputValue()).toBe('mailer');
    expect(await password.inputValue()).toBe('');
    expect(await password.getAttribute('placeholder')).not.toContain(SMTP_PASSWORD);
    expect(await page.locator('[data-testid="pref-email-live.failed"]').getAttribute('aria-checked')).toBe('false');
    expect(await page.locator('[data-testid=start-at-login]').getAttribute('aria-checked')).toBe('true');
    expect(await page.content()).not.toContain(SMTP_PASSWORD);

    // Theme and language: chosen here, applied at once, kept across a reload (no ?theme= now).
    const plain = await en.open(`${host.url}#/settings`);
    await plain.locator('[data-testid=setting-theme]').waitFor({ timeout: 60_000 });
    await pick(plain, 'setting-theme', 'theme-light');
    await plain.waitForFunction(
      () =>
        !(
          globalThis as unknown as { document: { documentElement: { classList: { contains(c: string): boolean } } } }
        ).document.documentElement.classList.contains('dark'),
    );
    await pick(plain, 'setting-language', 'language-fr');
    await plain.locator('h1', { hasText: 'Réglages' }).waitFor();
    await plain.reload();
    await plain.locator('h1', { hasText: 'Réglages' }).waitFor({ timeout: 60_000 });
    expect(await plain.locator('html').getAttribute('class')).not.toContain('dark');
    await pick(plain, 'setting-language', 'language-system');
    await plain.locator('h1', { hasText: 'Settings' }).waitFor();
    expect(en.problems).toEqual([]);

    // The relay's password is in the engine's secret store only: no file holds it in clear.
    for (const file of await filesUnder(dataDir)) {
      expect((await readFile(file)).includes(SMTP_PASSWORD), file).toBe(false);
    }
    await page.close();
    await plain.close();
  }, 300_000);

  it('reads in French on a light theme, axe-clean (fr)', async () => {
    const page = await fr.open(settingsUrl('theme=light&lang=fr'));
    await page.locator('[data-testid=settings-ffmpeg-version]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=mail-state]').waitFor({ timeout: 30_000 });
    expect(await page.locator('h1').textContent()).toBe('Réglages');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await fr.shot(page, 'settings-light-fr');
    expect(fr.problems).toEqual([]);
    await page.close();
  }, 120_000);
});
