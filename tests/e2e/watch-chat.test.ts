import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '@shared/chat/chat-protocol';
import { CHAT_WATCH_TEXT } from '@shared/chat/chat-watch-text';
import { seriousA11yViolations } from '../support/axe';
import { ChatClient, startChatEngine, type ChatEngine } from '../support/chat/chat-engine';
import { launchE2eBrowser, type E2eBrowser } from '../support/e2e-browser';
import { REPO_ROOT } from '../support/webhost';

/**
 * Issue 15 §7 on the watch page: a viewer in Chromium and the streamer (a staff socket.io client,
 * as the app's panel connects) exchange messages; reactions and the pin reach the page; a delete
 * and a ban made by the streamer are seen by the viewer; the history is there after the engine
 * restarts on the same folder. Needs `npx electron-vite build` (out/watch/).
 */

const messages = (page: Page): Promise<string[]> => page.locator('#chat-messages .chat-message .chat-text').allTextContents();

async function join(page: Page, name: string): Promise<void> {
  await page.locator('#chat-join input[name="name"]').fill(name);
  await page.locator('#chat-join button[type="submit"]').click();
  await page.locator('[data-panel="chat"][data-status="joined"]').waitFor({ timeout: 20_000 });
}

async function say(page: Page, text: string): Promise<void> {
  await page.locator('#chat-send input[name="text"]').fill(text);
  await page.locator('#chat-send button[type="submit"]').click();
}

describe('the chat on the watch page', () => {
  let dataDir: string;
  let chat: ChatEngine;
  let browser: E2eBrowser;
  let outputId: string;
  const watchAssetsDir = path.join(REPO_ROOT, 'out/watch');

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'lm-watch-chat-'));
    chat = await startChatEngine({ dataDir, watchAssetsDir });
    browser = await launchE2eBrowser({ locale: 'en-US' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await chat?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('exchanges messages with the streamer, shows reactions and the pin, and a delete', async () => {
    const made = await chat.output('salon');
    outputId = made.output.id;
    const page = await browser.open(made.watch);
    await join(page, 'Alice');
    const streamer = await ChatClient.join(chat.base, { chatToken: chat.staffToken(outputId) });

    // The viewer writes: the streamer reads it as text; the page shows markup as characters, a link as a link.
    const payload = 'hello <img src=x onerror=alert(1)> see https://example.org/live';
    await say(page, payload);
    const fromAlice = await streamer.next<ChatMessage>('message', (m) => m.name === 'Alice');
    expect(fromAlice.text).toBe(payload);
    await expect.poll(() => messages(page)).toContain(payload);
    expect(await page.locator('#chat-messages img').count()).toBe(0);
    expect(await page.locator('#chat-messages a').getAttribute('href')).toBe('https://example.org/live');
    await expect.poll(() => page.locator('#chat-send input[name="text"]').inputValue()).toBe('');

    // The streamer answers and pins it; the viewer reacts to it and the streamer sees the count.
    const answer = await streamer.ask<{ ok: true; message: ChatMessage }>('send', { text: 'Welcome Alice!' });
    await expect.poll(() => messages(page)).toContain('Welcome Alice!');
    expect(await streamer.ask('moderate', { action: 'pin', messageId: answer.message.id })).toMatchObject({ ok: true });
    await expect.poll(() => page.locator('#chat-pinned').innerText()).toContain('Welcome Alice!');
    await page.locator(`[data-message-id="${answer.message.id}"] [data-reaction="party"]`).click();
    await streamer.next<{ messageId: string; reactions: ChatMessage['reactions'] }>(
      'reactions',
      (r) => r.messageId === answer.message.id && r.reactions.party === 1,
    );
    await expect
      .poll(() => page.locator(`[data-message-id="${answer.message.id}"] [data-reaction="party"]`).textContent())
      .toBe('🎉 1');
    await expect.poll(() => page.locator('.chat-presence').textContent()).toContain(CHAT_WATCH_TEXT.en.present(2));

    expect(await seriousA11yViolations(page)).toEqual([]);
    await browser.shot(page, 'watch-chat');

    // A delete by the streamer takes the message off the viewer's page.
    expect(await streamer.ask('moderate', { action: 'delete', messageId: fromAlice.id })).toMatchObject({ ok: true });
    await expect.poll(() => messages(page)).not.toContain(payload);
    expect(await messages(page)).toContain('Welcome Alice!');
    streamer.close();
    await page.close();
    expect(browser.problems).toEqual([]);
  }, 120_000);

  it('keeps the history and the pin across an engine restart; a ban closes the viewer’s chat in French', async () => {
    await chat.close();
    chat = await startChatEngine({ dataDir, watchAssetsDir });
    const { watch } = await chat.newLink(outputId);
    const page = await browser.open(`${watch}&lang=fr`);
    await join(page, 'Bruno');
    expect(await messages(page)).toContain('Welcome Alice!');
    expect(await messages(page)).not.toContain(expect.stringContaining('onerror'));
    expect(await page.locator('#chat-pinned').innerText()).toContain('Welcome Alice!');
    expect(await page.locator('#chat-title').innerText()).toContain(CHAT_WATCH_TEXT.fr.title);

    // A name already taken in the room is refused with its reason, in French; another name joins.
    const second = await browser.open(`${watch}&lang=fr`);
    await second.locator('#chat-join input[name="name"]').fill('bruno');
    await second.locator('#chat-join button[type="submit"]').click();
    await expect.poll(() => second.locator('#chat-status').textContent()).toBe(CHAT_WATCH_TEXT.fr.refusals.nameTaken);
    await second.close();

    const streamer = await ChatClient.join(chat.base, { chatToken: chat.staffToken(outputId) });
    await say(page, 'Bonsoir');
    const fromBruno = await streamer.next<ChatMessage>('message', (m) => m.name === 'Bruno');
    await browser.shot(page, 'watch-chat-fr');
    expect(await streamer.ask('moderate', { action: 'ban', chatterId: fromBruno.chatterId })).toMatchObject({ ok: true });
    await expect.poll(() => page.locator('#chat-status').textContent()).toBe(CHAT_WATCH_TEXT.fr.refusals.banned);
    expect(await page.locator('#chat-send').isHidden()).toBe(true);
    expect(await page.locator('#chat-join').isHidden()).toBe(true);

    // Coming back under a new name from the same address is refused as banned too.
    const again = await browser.open(`${watch}&lang=fr`);
    await again.locator('#chat-join input[name="name"]').fill('Brunette');
    await again.locator('#chat-join button[type="submit"]').click();
    await expect.poll(() => again.locator('#chat-status').textContent()).toBe(CHAT_WATCH_TEXT.fr.refusals.banned);
    streamer.close();
  }, 120_000);
});
