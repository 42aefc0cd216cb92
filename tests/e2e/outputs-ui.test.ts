import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Live } from '@shared/contract/lives';
import type { Output, OutputLink } from '@shared/contract/outputs';
import { WATCH_TEXT } from '@shared/outputs/watch-text';
import { seriousA11yViolations } from '../support/axe';
import { launchE2eBrowser, type E2eBrowser } from '../support/e2e-browser';
import { freeLoopbackPort } from '../support/ports';
import { startWebHostProcess, type WebHostProcess } from '../support/webhost';

// Issue 14 §1, §3 and §5 from the app, in Chromium through the web host and a real engine with
// FFmpeg: LAN sharing turned on (address, port, firewall note), an output created, a live told to
// feed it in the live editor and started, a link made with its expiry and viewer limit, the watch
// page opened through it in another browser, its view counted, then the link revoked: the playing
// page stops and the list says so. Needs `npx electron-vite build` (out/).
let host: WebHostProcess;
let app: E2eBrowser;
let viewer: E2eBrowser;
const LONG = 90_000;

beforeAll(async () => {
  host = await startWebHostProcess();
  [app, viewer] = await Promise.all([
    launchE2eBrowser({ locale: 'en-US' }),
    launchE2eBrowser({ locale: 'en-US', expectedConsole: /403|Forbidden/ }),
  ]);
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write']);
}, 120_000);

afterAll(async () => {
  await viewer?.close();
  await app?.close();
  await host?.stop();
});

/** Calls the engine from the page, through the page's own `window.livemanager`. */
async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  await page.locator('nav').waitFor();
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

/** `?lang=fr&theme=light` go before the hash, beside the token. */
const pageUrl = (params: string, hash: string) => `${host.url}${params}${hash}`;
const text = async (locator: Locator): Promise<string> => ((await locator.textContent()) ?? '').replace(/\s/g, ' ');
const hostLog = () => `\n--- web host stderr ---\n${host.stderr().slice(-3000)}`;

async function pick(page: Page, trigger: Locator, option: string | RegExp): Promise<void> {
  await trigger.click();
  await page.getByRole('option', { name: option }).click();
}

describe('the outputs page', () => {
  let outputId = '';

  it('shares on the network, creates an output a live feeds, makes a link that plays, counts it and revokes it (en, dark)', async () => {
    const page = await app.open(pageUrl('&theme=dark', '#/outputs'));
    await page.locator('[data-testid=outputs-empty]').waitFor({ timeout: LONG });
    // Off until turned on: no address to give yet, no firewall note.
    expect(await page.locator('[data-testid=sharing-switch]').getAttribute('aria-checked')).toBe('false');
    expect(await page.locator('[data-testid=firewall-note]').count()).toBe(0);

    // LAN sharing on "this computer" (the test machine's LAN is not ours to open) and a free port.
    const port = await freeLoopbackPort();
    const card = page.locator('[data-testid=sharing-card]');
    await pick(page, card.locator('[data-testid=sharing-address]'), /^127\.0\.0\.1/);
    await card.locator('[data-testid=sharing-port]').fill(String(port));
    await card.locator('[data-testid=sharing-apply]').click();
    await card.locator('[data-testid=sharing-state]', { hasText: 'Listening' }).waitFor({ timeout: 30_000 });
    expect(await text(card.locator('[data-testid=sharing-url]'))).toBe(`http://127.0.0.1:${port}`);
    expect(await text(card.locator('[data-testid=firewall-note]'))).toContain(`port ${port}`);

    // An output: its address name suggested from the title.
    await page.locator('[data-testid=new-output]').click();
    const dialog = page.locator('[data-testid=output-dialog]');
    await dialog.locator('[data-testid=output-title]').fill('Soirée au salon');
    expect(await dialog.locator('[data-testid=output-slug]').inputValue()).toBe('soiree-au-salon');
    await dialog.locator('[data-testid=output-slug]').fill('salon');
    await dialog.locator('[data-testid=save-output]').click();
    await dialog.waitFor({ state: 'detached' });
    const output = page.locator('[data-testid=output-card][data-slug=salon]');
    await output.waitFor();
    expect(await text(output.locator('[data-testid=output-watch]'))).toBe(`http://127.0.0.1:${port}/watch/salon`);
    expect(await output.locator('[data-testid=output-feed]').getAttribute('data-feed')).toBe('slate');
    // The same address name twice is refused with the engine's sentence, in the dialog.
    await page.locator('[data-testid=new-output]').click();
    await dialog.locator('[data-testid=output-title]').fill('Another');
    await dialog.locator('[data-testid=output-slug]').fill('salon');
    await dialog.locator('[data-testid=save-output]').click();
    expect(await text(dialog.locator('[data-testid=output-error]'))).toMatch(/salon/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const outputs = (await call<{ items: Output[] }>(page, 'outputs.list', {})).items;
    expect(outputs.map((o) => o.slug)).toEqual(['salon']);
    outputId = outputs[0]?.id ?? '';

    // A live chooses the output in the live editor (a public-output destination), then starts.
    const live = await call<Live>(page, 'lives.create', {
      title: 'Concert du soir',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    await page.goto(pageUrl('&theme=dark', `#/lives/${live.id}`));
    await page.locator('[data-testid=edit-live]').click();
    const editor = page.locator('[data-testid=live-dialog]');
    await editor.locator('[data-testid=add-destination]').click();
    await page.getByRole('option', { name: 'Public output (fixed address)', exact: true }).click();
    await pick(page, editor.locator('[data-testid=destination-output]'), 'Soirée au salon · /watch/salon');
    await editor.locator('[data-testid=destination-editor][data-kind=public-output]').scrollIntoViewIfNeeded();
    await app.shot(page, 'outputs-live-editor-dark-en');
    await page.locator('[data-testid=save-live]').click();
    await editor.waitFor({ state: 'detached', timeout: 15_000 });
    const saved = await call<Live>(page, 'lives.get', { liveId: live.id });
    expect(saved.destinations.find((d) => d.kind === 'public-output')).toMatchObject({ outputId });
    await page.locator('[data-testid=start-live]').click();

    await page.goto(pageUrl('&theme=dark', '#/outputs'));
    try {
      await output.locator('[data-testid=output-feed][data-feed=live]').waitFor({ timeout: LONG });
    } catch (error) {
      throw new Error(`the output never went live${hostLog()}`, { cause: error });
    }
    expect(await text(output.locator('[data-testid=output-fed-by]'))).toBe('Fed by “Concert du soir”');

    // A link: label, 7 days, at most 5 viewers; its addresses (with the token) shown once made.
    await output.locator('[data-testid=new-link]').click();
    const linkDialog = page.locator('[data-testid=link-dialog]');
    await linkDialog.locator('[data-testid=link-label]').fill('Family');
    await pick(page, linkDialog.locator('[data-testid=link-expiry]'), '7 days');
    await linkDialog.locator('[data-testid=link-limit]').fill('5');
    await linkDialog.locator('[data-testid=save-link]').click();
    const watchUrl = await text(linkDialog.locator('[data-testid=link-watch]'));
    expect(watchUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/watch/salon\\?t=v1\\.`));
    await app.shot(page, 'outputs-link-made-dark-en');
    await linkDialog.locator('[data-testid=copy-link-watch]').click();
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
      ),
    ).toBe(watchUrl);
    await linkDialog.locator('[data-testid=link-done]').click();
    const row = output.locator('[data-testid=link-row]', { hasText: 'Family' });
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('active');
    const [link] = (await call<{ items: OutputLink[] }>(page, 'outputs.listLinks', { outputId })).items;
    expect(link).toMatchObject({ label: 'Family', maxViewers: 5, state: 'active' });
    const days = (Date.parse(link?.expiresAt ?? '') - Date.parse(link?.createdAt ?? '')) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);

    // Someone else opens it: the watch page plays, and the app counts the view.
    const watch = await viewer.open(watchUrl);
    await watch.locator('#badge[data-feed="live"]').waitFor({ timeout: LONG });
    await expect
      .poll(() => watch.locator('#video').evaluate((v) => (v as unknown as { currentTime: number }).currentTime), {
        timeout: LONG,
        interval: 250,
      })
      .toBeGreaterThan(2);
    await row.locator('[data-testid=link-views]', { hasText: '1 view of 5' }).waitFor({ timeout: 30_000 });
    await output.locator('[data-testid=output-viewers]', { hasText: /^[1-9]\d* viewers?$/ }).waitFor({ timeout: 30_000 });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await app.shot(page, 'outputs-dark-en');

    // Revoked from the list: the playing page stops and says why; the row says so.
    await row.locator('[data-testid=revoke-link]').click();
    await row.locator('[data-testid=link-state]', { hasText: 'Revoked' }).waitFor({ timeout: 15_000 });
    await watch.locator('body[data-refused="revoked"]').waitFor({ timeout: 30_000 });
    expect(await watch.locator('#overlay').textContent()).toBe(WATCH_TEXT.en.refusal.revoked);
    expect(await row.locator('[data-testid=revoke-link]').count()).toBe(0);
    await watch.close();
    await call(page, 'lives.stop', { liveId: live.id });
    expect(app.problems).toEqual([]);
    await page.close();
  }, 360_000);

  it('is in French on the light theme, axe clean, and deletes an output after asking (fr, light)', async () => {
    const page = await app.open(pageUrl('&lang=fr&theme=light', '#/outputs'));
    const output = page.locator('[data-testid=output-card][data-slug=salon]');
    await output.waitFor({ timeout: LONG });
    await page.locator('h1', { hasText: 'Sorties' }).waitFor();
    await output.locator('[data-testid=link-state]', { hasText: 'Révoqué' }).waitFor();
    expect(await text(page.locator('[data-testid=sharing-state]'))).toBe('En écoute');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await app.shot(page, 'outputs-light-fr');
    await output.locator('[data-testid=new-link]').click();
    await page.locator('[data-testid=link-dialog]').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await app.shot(page, 'outputs-link-dialog-light-fr');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=link-dialog]').waitFor({ state: 'detached' });

    await output.locator('[data-testid=delete-output]').click();
    await page.locator('[data-testid=confirm-delete-output]').click();
    await page.locator('[data-testid=outputs-empty]').waitFor({ timeout: 30_000 });
    expect((await call<{ items: Output[] }>(page, 'outputs.list', {})).items).toEqual([]);
    expect(app.problems).toEqual([]);
    await page.close();
  }, 120_000);
});
