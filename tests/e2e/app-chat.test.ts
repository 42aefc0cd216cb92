import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '@shared/chat/chat-protocol';
import type { Live } from '@shared/contract/lives';
import type { Output } from '@shared/contract/outputs';
import { seriousA11yViolations } from '../support/axe';
import { ChatClient } from '../support/chat/chat-engine';
import { launchE2eBrowser, type E2eBrowser } from '../support/e2e-browser';
import { freeLoopbackPort } from '../support/ports';
import { startWebHostProcess, type WebHostProcess } from '../support/webhost';

// Issue 15 §5: the app's chat panel beside the live page, in Chromium through the web host and a
// real engine; a viewer (a socket.io client on the public listener, with a link's token) writes.
// The page's Notification is recorded: it is what Electron turns into a native notification.
// Needs `npx electron-vite build` (out/).
let host: WebHostProcess;
let app: E2eBrowser;
let appFr: E2eBrowser;

beforeAll(async () => {
  host = await startWebHostProcess();
  [app, appFr] = await Promise.all([launchE2eBrowser({ locale: 'en-US' }), launchE2eBrowser({ locale: 'fr-FR' })]);
  for (const browser of [app, appFr])
    await browser.context.addInitScript(() => {
      const shown: { title: string; body: string | undefined }[] = [];
      class Recorded {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        constructor(title: string, options?: { body?: string }) {
          shown.push({ title, body: options?.body });
        }
      }
      Object.assign(globalThis, { Notification: Recorded, shownNotifications: shown });
    });
}, 120_000);

afterAll(async () => {
  await appFr?.close();
  await app?.close();
  await host?.stop();
});

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

const shown = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { shownNotifications: { title: string; body?: string }[] }).shownNotifications);
const panelTexts = (page: Page) => page.locator('[data-testid=chat-messages] [data-chat-text]').allTextContents();

describe('the chat panel beside the live page', () => {
  it('reads a viewer as text, notifies a mention, counts unread while collapsed, moderates (en dark, fr light)', async () => {
    const page = await app.open(`${host.url}&theme=dark#/lives`);
    const port = await freeLoopbackPort();
    await call(page, 'outputs.setSharing', { enabled: true, address: '127.0.0.1', port });
    const output = await call<Output>(page, 'outputs.create', { slug: 'salon', title: 'Salon' });
    const { addresses } = await call<{ addresses: { watch: string } }>(page, 'outputs.createLink', { outputId: output.id });
    const viewerToken = new URL(addresses.watch).searchParams.get('t') ?? '';
    const live = await call<Live>(page, 'lives.create', {
      title: 'Concert du soir',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Salon', kind: 'public-output', outputId: output.id }],
    });

    await page.goto(`${host.url}&theme=dark#/lives/${live.id}`);
    const panel = page.locator('[data-testid=chat-panel]');
    await panel.locator('[data-testid=chat-presence]').waitFor({ timeout: 30_000 });
    const viewer = await ChatClient.join(`http://127.0.0.1:${port}`, { viewerToken, name: 'Alice' });

    // A hostile payload stays text; a link is a link; a mention of the streamer raises a notification.
    const hostile = 'hi <img src=x onerror=alert(1)> see https://example.org/live';
    await viewer.ask('send', { text: hostile });
    await viewer.ask('send', { text: 'hello @Streamer!' });
    await expect.poll(() => panelTexts(page)).toEqual([hostile, 'hello @Streamer!']);
    expect(await panel.locator('[data-testid=chat-messages] img').count()).toBe(0);
    expect(await panel.locator('[data-testid=chat-messages] a').getAttribute('href')).toBe('https://example.org/live');
    await expect
      .poll(() => shown(page))
      .toEqual([{ title: 'Alice mentioned you in the chat of “Concert du soir”', body: 'hello @Streamer!' }]);

    // The streamer answers from the send box, and pins the answer.
    await panel.locator('[data-testid=chat-input]').fill('Welcome Alice');
    await panel.locator('[data-testid=chat-input]').press('Enter');
    const answer = await viewer.next<ChatMessage>('message', (m) => m.text === 'Welcome Alice');
    await panel.locator(`[data-message-id="${answer.id}"] [data-action=pin]`).click();
    await panel.locator('[data-testid=chat-pinned]', { hasText: 'Welcome Alice' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await app.shot(page, 'app-chat-dark-en');

    // Collapsed: two new messages are counted; opening clears the count.
    await panel.locator('[data-testid=chat-toggle]').click();
    await viewer.ask('send', { text: 'one' });
    await viewer.ask('send', { text: 'two' });
    await expect.poll(() => panel.locator('[data-testid=chat-unread]').textContent()).toBe('2 unread');
    await panel.locator('[data-testid=chat-toggle]').click();
    expect(await panel.locator('[data-testid=chat-unread]').count()).toBe(0);

    // Moderation from the panel reaches the room: delete, slow mode, mute.
    const alices = (await viewer.ask<{ ok: true; message: ChatMessage }>('send', { text: 'delete me' })).message;
    await panel.locator(`[data-message-id="${alices.id}"] [data-action=delete]`).click();
    await viewer.next<{ messageId: string }>('deleted', (d) => d.messageId === alices.id);
    await panel.locator('[data-testid=chat-slow-mode]').selectOption('30');
    await viewer.next<{ seconds: number }>('slowMode', (s) => s.seconds === 30);
    const first = panel.locator('[data-testid=chat-messages] li').first();
    await first.locator('[data-action=mute]').click();
    await viewer.next<{ until: string | null }>('muted', (m) => m.until !== null);

    // French, light.
    const fr = await appFr.open(`${host.url}&lang=fr&theme=light#/lives/${live.id}`);
    await fr.locator('[data-testid=chat-panel] [data-testid=chat-presence]').waitFor({ timeout: 30_000 });
    await expect.poll(() => panelTexts(fr)).toContain('Welcome Alice');
    expect(await fr.locator('[data-testid=chat-panel] h2').textContent()).toContain('Discussion');
    expect(await seriousA11yViolations(fr)).toEqual([]);
    await fr.locator('[data-testid=chat-panel]').evaluate((node) => node.scrollIntoView({ block: 'end' }));
    await appFr.shot(fr, 'app-chat-light-fr');

    // A ban closes the viewer's chat.
    const banned = viewer.next<{ code: string }>('refused', (r) => r.code === 'banned');
    await first.locator('[data-action=ban]').click();
    await banned;

    viewer.close();
    expect(app.problems).toEqual([]);
    expect(appFr.problems).toEqual([]);
  }, 180_000);
});
