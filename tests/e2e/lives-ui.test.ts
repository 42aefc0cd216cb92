import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startWebHostProcess, type WebHostProcess } from '../support/webhost';

// The Lives screens in Chromium through the built web host, driving the real engine: the demo
// live (test pattern → local HLS) is created with the dialog, started, watched with hls.js, stopped.
const SCREENSHOTS = path.join(REPO_ROOT, 'artifacts/screenshots');
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];
const LONG = 90_000;
const key = 'live_0123456789abcdefWXYZ';

let profileDir: string;
let context: BrowserContext;
let host: WebHostProcess;
const pageErrors: string[] = [];
/** React and Radix warnings (a dialog without a description…); resource 404s while HLS starts are expected. */
const consoleProblems: string[] = [];

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  profileDir = await mkdtemp(path.join(os.tmpdir(), 'lm-chromium-lives-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    locale: 'en-US',
    // A zone with DST and an offset, so "once at 20:00" must really be converted.
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 860 },
    // The theme follows the system by default: a dark one here.
    colorScheme: 'dark',
  });
  host = await startWebHostProcess();
}, 120_000);

afterAll(async () => {
  await context?.close();
  await host?.stop();
  await rm(profileDir, { recursive: true, force: true });
});

async function openPage(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if ((message.type() === 'error' || message.type() === 'warning') && !/Failed to load resource/.test(message.text()))
      consoleProblems.push(message.text());
  });
  await page.goto(url);
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

/** The engine's own log, to explain a failure. */
const hostLog = () => `\n--- web host stderr ---\n${host.stderr().slice(-4000)}`;

async function liveState(page: Page): Promise<string | null> {
  return page.locator('[data-testid=live-detail] header [data-testid=live-state]').getAttribute('data-state');
}

async function waitForState(page: Page, state: string, timeout = LONG): Promise<void> {
  try {
    await page.locator(`[data-testid=live-detail] header [data-testid=live-state][data-state=${state}]`).waitFor({ timeout });
  } catch (error) {
    await shot(page, `failure-${state}`);
    throw new Error(`the live did not reach "${state}" (it is "${await liveState(page)}")${hostLog()}`, { cause: error });
  }
}

/** The preview video's clock, read in the page. */
const currentTime = (page: Page) =>
  page.locator('[data-testid=preview-video]').evaluate((video) => (video as { currentTime: number }).currentTime);

/** Poll, in the page, until the preview's clock passes `seconds` (tests run without DOM types). */
function previewPlaysPast(page: Page, seconds: number, timeout = LONG): Promise<unknown> {
  return page.waitForFunction(
    (min) => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { currentTime: number } | null } }).document;
      return (doc.querySelector('[data-testid=preview-video]')?.currentTime ?? 0) > min;
    },
    seconds,
    { timeout, polling: 250 },
  );
}

describe('lives screens in Chromium through the web host', () => {
  it('creates the demo live with the dialog, starts it, plays its HLS preview, and stops it (dark, English)', async () => {
    const page = await openPage(`${host.url}#/lives`);
    await page.locator('[data-testid=lives-empty]').waitFor({ timeout: 30_000 });
    await shot(page, 'lives-empty-dark-en');

    await page.locator('[data-testid=create-demo]').click();
    const dialog = page.locator('[data-testid=live-dialog]');
    await dialog.waitFor();
    expect(await page.locator('[data-testid=live-title-input]').inputValue()).toBe('Demo live');
    expect(await dialog.locator('[data-testid=destination-editor]').getAttribute('data-kind')).toBe('hls-local');
    await shot(page, 'dialog-dark-en');
    await page.locator('[data-testid=save-live]').click();

    // The demo opens on its own page, in draft.
    await page.locator('[data-testid=live-detail]').waitFor({ timeout: 30_000 });
    await waitForState(page, 'draft', 10_000);
    expect(await page.locator('[data-testid=preview-message]').textContent()).toBe('The preview plays while the live runs.');

    await page.locator('[data-testid=start-live]').click();
    await waitForState(page, 'live');

    // hls.js really plays: the video clock starts, then keeps advancing.
    await page.locator('[data-testid=preview-video]').waitFor({ timeout: LONG });
    await previewPlaysPast(page, 1);
    const first = await currentTime(page);
    await previewPlaysPast(page, first + 1.5, 30_000);

    // Figures arrive by run.stats events: fps is a number, uptime HH:MM:SS, bitrate in K/M.
    await page.locator('[data-stat=fps] dd', { hasText: /^[1-9]/ }).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-stat=uptime] dd').textContent()).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    // A preview-only live runs its HLS writer in direct mode, where FFmpeg reports no bitrate:
    // the engine measures the segments, so a real, non-zero figure shows (not 0, not a dash).
    await page.locator('[data-stat=bitrate] dd', { hasText: /^[1-9][\d.,]* [kM]bit\/s$/ }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=destination-health][data-health=live]').waitFor({ timeout: 30_000 });
    await shot(page, 'detail-dark-en');

    // The list shows it on air, with its destination receiving.
    await page.locator('[data-testid=nav-lives]').click();
    const row = page.locator('[data-testid=live-row]');
    await row.locator('[data-testid=live-state][data-state=live]').waitFor();
    await shot(page, 'lives-dark-en');

    await row.locator('[data-testid=live-title]').click();
    await page.locator('[data-testid=stop-live]').click();
    await waitForState(page, 'ended');
    // The run history shows this run, its timeline and its log tail.
    await page.locator('[data-testid=run-events] li[data-kind=state]').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=run] [data-testid=live-state]').first().getAttribute('data-state')).toBe('ended');
    // The redacted FFmpeg log tail, not the "no output yet" placeholder.
    expect(await page.locator('[data-testid=run-log]').textContent()).toMatch(/ffmpeg|Stream|frame=|Output|Input/i);
    expect(pageErrors).toEqual([]);
    expect(consoleProblems).toEqual([]);
    await page.close();
  }, 240_000);

  it('shows the engine’s validation errors next to the fields, and keeps a stream key write-only', async () => {
    const page = await openPage(`${host.url}#/lives`);
    await page.locator('[data-testid=new-live]').click();
    const dialog = page.locator('[data-testid=live-dialog]');
    await dialog.waitFor();
    // An empty title and a custom destination that is not rtmp://.
    await dialog.locator('[data-testid=add-destination]').click();
    await page.getByRole('option', { name: 'Custom RTMP(S)' }).click();
    const custom = dialog.locator('[data-testid=destination-editor][data-kind=custom-rtmp]');
    await custom.locator('[data-testid=destination-url]').fill('http://ingest.example.com/live');
    await custom.locator('[data-testid=stream-key]').fill(key);
    expect(await custom.locator('[data-testid=stream-key]').getAttribute('type')).toBe('password');
    await page.locator('[data-testid=save-live]').click();

    const titleError = dialog.locator('[data-field-error=title]');
    await titleError.waitFor({ timeout: 15_000 });
    expect(await titleError.textContent()).toBe('A live needs a title.');
    expect(await dialog.locator('[data-field-error="destinations.1.url"]').textContent()).toContain('rtmp:// or rtmps://');
    expect(await page.locator('[data-testid=live-title-input]').getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'dialog-errors-dark-en');

    // Fixed, it saves; the key never comes back to the page, only its mask.
    await page.locator('[data-testid=live-title-input]').fill('Friday rerun');
    await custom.locator('[data-testid=destination-url]').fill('rtmp://127.0.0.1:1/live');
    await page.locator('[data-testid=save-live]').click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    const row = page.locator('[data-testid=live-row]', { hasText: 'Friday rerun' });
    await row.waitFor();
    await row.locator('[data-testid=live-title]').click();
    await page.locator('[data-testid=key-mask]').waitFor();
    expect(await page.locator('[data-testid=key-mask]').textContent()).toBe('••••WXYZ');
    expect(await page.content()).not.toContain(key);
    await page.locator('[data-testid=edit-live]').click();
    const keyInput = page.locator(
      '[data-testid=live-dialog] [data-testid=destination-editor][data-kind=custom-rtmp] [data-testid=stream-key]',
    );
    expect(await keyInput.inputValue()).toBe('');
    expect(await keyInput.getAttribute('placeholder')).toBe('••••WXYZ');
    expect(await page.content()).not.toContain(key);
    expect(pageErrors).toEqual([]);
    expect(consoleProblems).toEqual([]);
    await page.close();
  }, 120_000);

  it('follows a live started from another window, shows each destination’s health with its reason, and toasts a refused save', async () => {
    const editor = await openPage(`${host.url}#/lives`);
    await editor.locator('[data-testid=live-row]', { hasText: 'Friday rerun' }).locator('[data-testid=live-title]').click();
    await editor.locator('[data-testid=live-detail]').waitFor();
    await editor.locator('[data-testid=edit-live]').click();
    await editor.locator('[data-testid=live-dialog]').waitFor();
    await editor.locator('[data-testid=live-title-input]').fill('Friday rerun (edited)');

    // Another window starts the live; the first one learns it from live.updated, without asking.
    // (It stays `starting`: a live is `live` once a push destination receives, and this one cannot.)
    const other = await openPage(`${host.url}#/lives`);
    await other.locator('[data-testid=live-row]', { hasText: 'Friday rerun' }).locator('[data-testid=start-live]').click();
    await editor
      .locator('[data-testid=live-detail] header [data-testid=live-state][data-state=starting]')
      .waitFor({ timeout: LONG });

    // Saving now is refused by the engine: its message comes back as a toast and above the form.
    await editor.locator('[data-testid=save-live]').click();
    const toast = editor.locator('[data-sonner-toast]', { hasText: 'Could not save the live' });
    await toast.waitFor({ timeout: 15_000 });
    const refusal = /only its title can change|stop it before changing it/;
    expect(await toast.textContent()).toMatch(refusal);
    expect(await editor.locator('[data-testid=dialog-errors]').textContent()).toMatch(refusal);
    // The dialog holds a change: closing asks before discarding it.
    await editor.keyboard.press('Escape');
    await editor.locator('[data-testid=discard-changes]').click();
    await editor.locator('[data-testid=live-dialog]').waitFor({ state: 'detached' });

    // Opened while it runs, the dialog offers the title only, and renaming works.
    await editor.locator('[data-testid=edit-live]').click();
    await editor.locator('[data-testid=title-only]').waitFor();
    await editor.locator('[data-testid=live-title-input]').fill('Friday rerun (renamed on air)');
    await editor.locator('[data-testid=save-live]').click();
    await editor.locator('[data-testid=live-dialog]').waitFor({ state: 'detached', timeout: 15_000 });
    await editor.locator('[data-testid=live-detail] h1', { hasText: 'Friday rerun (renamed on air)' }).waitFor();
    await other.locator('[data-testid=live-row]', { hasText: 'Friday rerun (renamed on air)' }).waitFor();

    // The RTMP server on port 1 refuses the connection: that destination says why, the preview keeps receiving.
    const rtmp = editor.locator('[data-testid=destination-health]', { hasText: 'RTMP server' });
    await rtmp.and(editor.locator('[data-health=retrying], [data-health=failed]')).waitFor({ timeout: LONG });
    await rtmp.locator('[data-testid=destination-reason]').waitFor({ timeout: 30_000 });
    expect(await rtmp.locator('[data-testid=destination-reason]').textContent()).toMatch(/\w+/);
    expect(await rtmp.textContent()).not.toContain(key);
    await editor.locator('[data-testid=destination-health][data-health=live]', { hasText: 'Preview' }).waitFor({ timeout: LONG });
    await shot(editor, 'detail-destination-failing-dark-en');

    // Public (an RTMP destination): Stop asks first.
    await editor.locator('[data-testid=stop-live]').click();
    await editor.locator('[data-testid=confirm-stop]').click();
    await waitForState(editor, 'ended');
    // The run's timeline names the destination that had trouble.
    await editor
      .locator('[data-testid=run-events] li[data-kind=destination]', { hasText: 'RTMP server' })
      .first()
      .waitFor({ timeout: 30_000 });
    await other
      .locator('[data-testid=live-row]', { hasText: 'Friday rerun' })
      .locator('[data-testid=live-state][data-state=ended]')
      .waitFor();
    expect(pageErrors).toEqual([]);
    expect(consoleProblems).toEqual([]);
    await editor.close();
    await other.close();
  }, 240_000);

  it('schedules a live once at a local time (stored in UTC with the browser zone) and on a cron described in words', async () => {
    const page = await openPage(`${host.url}#/lives`);
    await page.locator('[data-testid=new-live]').click();
    const dialog = page.locator('[data-testid=live-dialog]');
    await page.locator('[data-testid=live-title-input]').fill('New year special');
    await dialog.locator('[data-testid=start-once]').click();
    expect(await dialog.locator('[data-field="start.at"]').textContent()).toContain('Europe/Paris');
    await dialog.locator('[data-field="start.at"] input').fill('2030-01-15T20:00');
    await page.locator('[data-testid=save-live]').click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    const once = page.locator('[data-testid=live-row]', { hasText: 'New year special' });
    await once.locator('[data-testid=live-state][data-state=scheduled]').waitFor();
    // ICU may put a narrow no-break space before PM: compare with plain spaces.
    const text = async (locator: ReturnType<Page['locator']>) => ((await locator.textContent()) ?? '').replace(/\s/g, ' ');
    expect(await text(once.locator('[data-testid=next-start]'))).toBe('Next start Jan 15, 2030, 8:00 PM');
    const stored = await page.evaluate(async () => {
      const api = (
        globalThis as unknown as { livemanager: { lives: { list(): Promise<{ items: { title: string; start: unknown }[] }> } } }
      ).livemanager;
      return (await api.lives.list()).items.find((l) => l.title === 'New year special')?.start;
    });
    expect(stored).toEqual({ kind: 'once', at: '2030-01-15T19:00:00Z', timeZone: 'Europe/Paris' });

    await page.locator('[data-testid=new-live]').click();
    await page.locator('[data-testid=live-title-input]').fill('Weeknight show');
    await dialog.locator('[data-testid=start-recurring]').click();
    await dialog.locator('[data-field="start.cron"] input').fill('30 20 * * 1-5');
    const described = dialog.locator('[data-testid=cron-description]');
    await described.waitFor({ timeout: 15_000 });
    expect(await described.textContent()).toMatch(/Monday.*Friday.*20:30/);
    await shot(page, 'dialog-recurring-dark-en');
    await dialog.locator('[data-field="start.cron"] input').fill('99 * * * *');
    await dialog.locator('[data-testid=cron-error]').waitFor({ timeout: 15_000 });
    await dialog.locator('[data-field="start.cron"] input').fill('30 20 * * 1-5');
    await described.waitFor({ timeout: 15_000 });
    await page.locator('[data-testid=save-live]').click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    const weekly = page.locator('[data-testid=live-row]', { hasText: 'Weeknight show' });
    await weekly.locator('[data-testid=live-state][data-state=scheduled]').waitFor();
    expect(await text(weekly.locator('[data-testid=next-start]'))).toMatch(/^Next start .* 8:30 PM$/);
    await shot(page, 'lives-scheduled-dark-en');

    // Deleting asks first, then the row goes (live.deleted) and the page returns to the list.
    await once.locator('[data-testid=live-title]').click();
    await page.locator('[data-testid=delete-live]').click();
    await page.locator('[data-testid=confirm-delete]').click();
    await page.locator('[data-testid=lives-list]').waitFor();
    await once.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.locator('[data-testid=live-row]', { hasText: 'Weeknight show' }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
    expect(consoleProblems).toEqual([]);
    await page.close();
  }, 120_000);

  it('says in the list why a live failed (a source file that does not exist)', async () => {
    const page = await openPage(`${host.url}#/lives`);
    await page.locator('[data-testid=new-live]').click();
    const dialog = page.locator('[data-testid=live-dialog]');
    await page.locator('[data-testid=live-title-input]').fill('Missing file');
    await dialog.locator('[data-testid=source-file]').click();
    await dialog.locator('[data-field="source.path"] input').fill('/nonexistent/livemanager/show.mp4');
    await page.locator('[data-testid=save-live]').click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    const row = page.locator('[data-testid=live-row]', { hasText: 'Missing file' });
    await row.locator('[data-testid=start-live]').click();
    await row.locator('[data-testid=live-state][data-state=failed]').waitFor({ timeout: LONG });
    await row.locator('[data-testid=end-reason]').waitFor({ timeout: 30_000 });
    expect(await row.locator('[data-testid=end-reason]').textContent()).toMatch(/show\.mp4|file|source/i);
    await shot(page, 'lives-failed-dark-en');
    expect(pageErrors).toEqual([]);
    expect(consoleProblems).toEqual([]);
    await page.close();
  }, 180_000);

  it('renders the list, the dialog and the detail light and in French', async () => {
    const page = await openPage(`${host.url}&theme=light&lang=fr#/lives`);
    await page.locator('[data-testid=lives-list]').waitFor({ timeout: 30_000 });
    expect(await page.locator('h1').textContent()).toBe('Lives');
    expect((await page.locator('html').getAttribute('class'))?.split(/\s+/) ?? []).not.toContain('dark');
    expect(await page.locator('[data-testid=live-state][data-state=ended]').first().textContent()).toBe('Terminé');
    await shot(page, 'lives-light-fr');
    await page.locator('[data-testid=new-live]').click();
    await page.locator('[data-testid=live-dialog]').waitFor();
    expect(await page.locator('[data-testid=save-live]').textContent()).toBe('Créer le live');
    await shot(page, 'dialog-light-fr');
    await page.keyboard.press('Escape');
    await page
      .locator('[data-testid=live-row]', { hasText: 'Live de démo' })
      .or(page.locator('[data-testid=live-row]', { hasText: 'Demo live' }))
      .first()
      .locator('[data-testid=live-title]')
      .click();
    await page.locator('[data-testid=live-detail]').waitFor();
    await page.locator('[data-testid=start-live]').click();
    await waitForState(page, 'live');
    expect(await page.locator('[data-testid=live-detail] header [data-testid=live-state]').textContent()).toBe('En direct');
    await previewPlaysPast(page, 1);
    await page.locator('[data-stat=fps] dd', { hasText: /^[1-9]/ }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=destination-health][data-health=live]').waitFor({ timeout: 30_000 });
    await shot(page, 'detail-light-fr');
    await page.locator('[data-testid=stop-live]').click();
    await waitForState(page, 'ended');
    // The run's timeline: its notes and reasons are stored with a message code and shown in French.
    // (A loaded machine adds a French "La machine est saturée" note before the plan's.)
    await page
      .locator('[data-testid=run-events] li[data-kind=note]', { hasText: /Encodage :|Envoi de la source telle quelle/ })
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=run-detail]').first().textContent()).not.toMatch(
      /Encoding:|Sending the source|Stopped by the user|re-encoding|the outputs take/,
    );
    await page
      .locator('[data-testid=run-events]')
      .first()
      .evaluate((list) => list.scrollIntoView({ block: 'center' }));
    await shot(page, 'run-timeline-light-fr');
    expect(pageErrors).toEqual([]);
    expect(consoleProblems).toEqual([]);
    await page.close();
  }, 120_000);

  it('remembers the theme and the language picked in the sidebar', async () => {
    const page = await openPage(`${host.url}#/lives`);
    await page.locator('[data-testid=lives-list]').waitFor({ timeout: 30_000 });
    const classes = async () => (await page.locator('html').getAttribute('class'))?.split(/\s+/) ?? [];
    expect(await classes()).toContain('dark');
    await page.locator('[data-testid=toggle-theme]').click();
    // The choice is saved through the host first, then applied: poll rather than read at once.
    await expect.poll(classes, { timeout: 10_000 }).not.toContain('dark');
    await page.locator('[data-testid=toggle-language]').click();
    await page.locator('[data-testid=nav-system]', { hasText: 'Système' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.reload();
    await page.locator('[data-testid=lives-list]').waitFor({ timeout: 30_000 });
    expect(await classes()).not.toContain('dark');
    expect(await page.locator('[data-testid=nav-system]').textContent()).toBe('Système');
    await page.locator('[data-testid=toggle-theme]').click();
    await page.locator('[data-testid=toggle-language]').click();
    expect(pageErrors).toEqual([]);
    expect(consoleProblems).toEqual([]);
    await page.close();
  }, 60_000);
});
