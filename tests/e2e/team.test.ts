import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from '../support/axe';
import { launchE2eBrowser, type E2eBrowser } from '../support/e2e-browser';
import { startWebHostProcess, type WebHostProcess } from '../support/webhost';

// Issue 11, points 3, 6 and 7: a team's engine (the web host in --mode shared) in two browsers.
// The first account is the admin; the second waits, and its waiting screen turns into the
// dashboard by itself when the admin approves it from the other browser (no reload).
let host: WebHostProcess;
let admin: E2eBrowser;
let member: E2eBrowser;
const LONG = 90_000;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  host = await startWebHostProcess({ mode: 'shared' });
  admin = await launchE2eBrowser({ locale: 'en-US' });
  member = await launchE2eBrowser({ locale: 'fr-FR' });
}, 120_000);

afterAll(async () => {
  await admin?.close();
  await member?.close();
  await host?.stop();
});

async function register(page: Page, email: string): Promise<void> {
  await page.locator('[data-testid=sign-in-form]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid=tab-register]').click();
  await page.locator('[data-testid=email]').fill(email);
  await page.locator('[data-testid=password]').fill(PASSWORD);
  await page.locator('[data-testid=sign-in-submit]').click();
}

describe('a team on a shared engine', () => {
  it('registers, waits, is approved from another browser and gets the dashboard without a reload; the admin sees and stops every live', async () => {
    const adminPage = await admin.open(host.url.replace('/?', '/?theme=dark&'));
    await adminPage.locator('[data-testid=sign-in-form]').waitFor({ timeout: 60_000 });
    expect(await seriousA11yViolations(adminPage)).toEqual([]);
    await admin.shot(adminPage, 'team-sign-in-dark-en');
    await register(adminPage, 'admin@example.test');
    // The first account is the engine's admin: straight in.
    await adminPage.locator('[data-testid=dashboard]').waitFor({ timeout: 60_000 });

    const memberPage = await member.open(host.url.replace('/?', '/?theme=light&lang=fr&'));
    await register(memberPage, 'alice@example.test');
    const waiting = memberPage.locator('[data-testid=waiting-screen]');
    await waiting.waitFor({ timeout: 60_000 });
    expect(await waiting.textContent()).toContain('alice@example.test');
    expect(await seriousA11yViolations(memberPage)).toEqual([]);
    await member.shot(memberPage, 'team-waiting-light-fr');
    // A mark on this document: it must still be there when the dashboard shows (no reload).
    await memberPage.evaluate(() => Object.assign(globalThis, { livemanagerNoReload: true }));

    await adminPage.goto(host.url.replace('/?', '/?theme=dark&') + '#/team');
    const row = adminPage.locator('[data-testid=user-row][data-email="alice@example.test"]');
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getAttribute('data-approved')).toBe('false');
    expect(await seriousA11yViolations(adminPage)).toEqual([]);
    await admin.shot(adminPage, 'team-approve-dark-en');
    await row.locator('[data-testid=approve]').click();
    await adminPage.locator('[data-testid=user-row][data-email="alice@example.test"][data-approved=true]').waitFor();

    await memberPage.locator('[data-testid=dashboard]').waitFor({ timeout: 30_000 });
    expect(await memberPage.evaluate(() => (globalThis as { livemanagerNoReload?: boolean }).livemanagerNoReload)).toBe(true);
    expect(await memberPage.locator('h1').textContent()).toBe('Tableau de bord');

    // Alice starts a live; the admin's team page lists it with its owner, and stops it.
    const liveId = await memberPage.evaluate(async () => {
      const api = (
        globalThis as unknown as {
          livemanager: { lives: { create(f: unknown): Promise<{ id: string }>; start(i: unknown): Promise<unknown> } };
        }
      ).livemanager;
      const live = await api.lives.create({
        title: 'Alice’s show',
        source: { kind: 'testPattern' },
        destinations: [{ name: 'Preview', kind: 'hls-local' }],
      });
      await api.lives.start({ liveId: live.id });
      return live.id;
    });
    await memberPage.locator(`[data-testid=on-air-card][data-live-id="${liveId}"]`).waitFor({ timeout: LONG });
    const teamLive = adminPage.locator('[data-testid=team-live]', { hasText: 'Alice’s show' });
    await teamLive.locator('[data-testid=team-stop]').waitFor({ timeout: LONG });
    expect(await teamLive.textContent()).toContain('alice@example.test');
    // Alice has been seen (she signed in), the admin row says so.
    expect(await row.textContent()).not.toContain('Never');
    await admin.shot(adminPage, 'team-dark-en');
    await teamLive.locator('[data-testid=team-stop]').click();
    await teamLive.locator('[data-testid=live-state][data-state=ended]').waitFor({ timeout: LONG });
    await memberPage.locator('[data-testid=nothing-on-air]').waitFor({ timeout: LONG });

    // A member does not get the team page.
    await memberPage.goto(host.url.replace('/?', '/?theme=light&lang=fr&') + '#/team');
    await memberPage.getByText('Seul un administrateur').waitFor({ timeout: 30_000 });
    expect(admin.problems).toEqual([]);
    expect(member.problems).toEqual([]);
  }, 300_000);
});
