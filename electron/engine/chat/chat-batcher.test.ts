import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '@shared/chat/chat-protocol';
import { ChatClient, startChatEngine } from '../../../tests/support/chat/chat-engine';
import { waitFor } from '../../../tests/support/wait-for';
import { CHAT_BATCH_MS } from './chat-batcher';

const ROOMY = {
  perConnection: { capacity: 1000, perSecond: 1000 },
  perAddress: { capacity: 1000, perSecond: 1000 },
  connectsPerAddress: { capacity: 100, perSecond: 100 },
  connectionsPerAddress: 100,
  floodStrikes: 100,
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a busy room’s messages go out bundled', () => {
  it('bundles a burst into fewer frames, in order, sends a quiet room’s message alone, and flushes before a delete', async () => {
    const e = await startChatEngine({ limits: ROOMY });
    cleanups.push(() => e.close());
    const { output, token } = await e.output('salon');
    const staff = await ChatClient.join(e.base, { chatToken: e.staffToken(output.id) });
    const viewer = await ChatClient.join(e.base, { viewerToken: token, name: 'Alice' });
    cleanups.push(
      () => staff.close(),
      () => viewer.close(),
    );
    const frames: { event: string; count: number }[] = [];
    viewer.socket.on('message', () => frames.push({ event: 'message', count: 1 }));
    viewer.socket.on('messages', (bundle: unknown[]) => frames.push({ event: 'messages', count: bundle.length }));

    // A burst without waiting for answers: the server handles them within a few milliseconds.
    const burst = Array.from({ length: 20 }, (_, i) => `burst ${i}`);
    const answers = burst.map((text) => staff.ask<{ ok: true; message: ChatMessage }>('send', { text }));
    // The last one deleted at once: its `deleted` must reach the viewer after it.
    const last = await answers.at(-1);
    await staff.ask('moderate', { action: 'delete', messageId: last?.message.id });
    await viewer.next('deleted');
    const texts = viewer.received.filter((r) => r.event === 'message').map((r) => (r.payload as ChatMessage).text);
    expect(texts).toEqual(burst);
    const deletedAt = viewer.received.findIndex((r) => r.event === 'deleted');
    expect(deletedAt).toBeGreaterThan(viewer.received.findIndex((r) => (r.payload as ChatMessage).text === 'burst 19'));
    expect(frames.reduce((n, f) => n + f.count, 0)).toBe(20);
    expect(frames.some((f) => f.event === 'messages' && f.count > 1)).toBe(true);
    expect(frames.length).toBeLessThan(20);

    // After a pause longer than the bundle period, one message goes alone and at once.
    const pauseUntil = Date.now() + CHAT_BATCH_MS * 4;
    await waitFor(() => Date.now() > pauseUntil, { intervalMs: CHAT_BATCH_MS });
    frames.length = 0;
    await staff.ask('send', { text: 'alone' });
    await viewer.next<ChatMessage>('message', (m) => m.text === 'alone');
    expect(frames).toEqual([{ event: 'message', count: 1 }]);
  });
});
