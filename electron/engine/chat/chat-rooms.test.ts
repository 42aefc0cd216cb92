import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRefusal } from '@shared/chat/chat-protocol';
import { ChatClient, startChatEngine, type ChatEngine } from '../../../tests/support/chat/chat-engine';

type Sent = { ok: true; message: ChatMessage } | ChatRefusal;
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

async function engine(options: Parameters<typeof startChatEngine>[0] = {}): Promise<ChatEngine> {
  const started = await startChatEngine({ limits: ROOMY, ...options });
  cleanups.push(() => started.close());
  return started;
}

async function join(base: string, auth: Parameters<typeof ChatClient.join>[1]) {
  const client = await ChatClient.join(base, auth);
  cleanups.push(() => client.close());
  return client;
}

describe('chat rooms on the public listener', () => {
  it('joins viewers by their link with a name, and a message reaches the whole room as plain text', async () => {
    const e = await engine();
    const { token } = await e.output('salon');
    const alice = await join(e.base, { viewerToken: token, name: 'Alice' });
    const bob = await join(e.base, { viewerToken: token, name: 'Bob' });
    expect(alice.welcome).toMatchObject({ name: 'Alice', role: 'viewer', history: [], pinned: null });
    const sent = await alice.ask<Sent>('send', { text: '  hello\nall of you  ' });
    expect(sent).toMatchObject({ ok: true, message: { name: 'Alice', role: 'viewer', text: 'hello all of you' } });
    const got = await bob.next<ChatMessage>('message');
    expect(got.text).toBe('hello all of you');
    expect(got.chatterId).toBe(alice.welcome.chatterId);
  });

  it('a returning viewer comes back with its chat token under its name; the token is bound to its link', async () => {
    const e = await engine();
    const { output, link, token } = await e.output('salon');
    const first = await join(e.base, { viewerToken: token, name: 'Alice' });
    first.close();
    const again = await join(e.base, { chatToken: first.welcome.chatToken });
    expect(again.welcome).toMatchObject({ chatterId: first.welcome.chatterId, name: 'Alice' });
    again.close();

    await e.call('outputs.revokeLink', { linkId: link.id });
    expect(await ChatClient.connect(e.base, { chatToken: first.welcome.chatToken })).toMatchObject({ code: 'tokenRevoked' });
    expect(await ChatClient.connect(e.base, { viewerToken: token, name: 'Carol' })).toMatchObject({ code: 'tokenRevoked' });
    // A chat token is no watch token: it opens no media.
    const other = await e.newLink(output.id);
    const viewer = await join(e.base, { viewerToken: other.token, name: 'Dan' });
    const playlist = await fetch(`${e.base}/o/salon/live.m3u8?t=${encodeURIComponent(viewer.welcome.chatToken)}`);
    expect(playlist.status).toBe(403);
  });

  it('names are unique in a room by their look, and nobody appears as the staff', async () => {
    const e = await engine();
    const { output, token } = await e.output('salon');
    await join(e.base, { viewerToken: token, name: 'Alice' });
    for (const name of ['alice', 'ALICE', 'A1ice', 'a.lice']) {
      expect(await ChatClient.connect(e.base, { viewerToken: token, name }), name).toMatchObject({ code: 'nameTaken' });
    }
    for (const name of ['Moderator', 'Mod Bob', 'admin', 'The owner', 'ＡＤＭＩＮ']) {
      expect(await ChatClient.connect(e.base, { viewerToken: token, name }), name).toMatchObject({ code: 'nameReserved' });
    }
    for (const name of ['x', '<b>hi</b>', 'a\u202Eb', 'é\u0301\u0301\u0301', 'a'.repeat(25)]) {
      expect(await ChatClient.connect(e.base, { viewerToken: token, name }), name).toMatchObject({ code: 'nameInvalid' });
    }
    // The staff's name is theirs in the room: a viewer cannot take it, even in other letters.
    const staff = await join(e.base, { chatToken: e.staffToken(output.id, 'Streamer') });
    expect(staff.welcome.role).toBe('owner');
    expect(await ChatClient.connect(e.base, { viewerToken: token, name: 'streamer' })).toMatchObject({ code: 'nameReserved' });
    const sent = await staff.ask<Sent>('send', { text: 'welcome everyone' });
    expect(sent).toMatchObject({ ok: true, message: { role: 'owner', name: 'Streamer' } });
  });

  it('sends the last 50 on join, pages older ones in, and keeps them across a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'lm-chat-restart-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await startChatEngine({ limits: ROOMY, dataDir });
    const { token } = await first.output('salon');
    const alice = await ChatClient.join(first.base, { viewerToken: token, name: 'Alice' });
    for (let i = 1; i <= 120; i += 1) await alice.ask('send', { text: `message ${i}` });
    alice.close();
    await first.close();

    const e = await startChatEngine({ limits: ROOMY, dataDir });
    cleanups.push(() => e.close());
    const back = await join(e.base, { chatToken: alice.welcome.chatToken });
    expect(back.welcome.history.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `message ${i + 71}`));
    expect(back.welcome.hasOlder).toBe(true);
    const older = await back.ask<{ ok: true; messages: ChatMessage[]; hasOlder: boolean }>('history', {
      before: back.welcome.history[0]?.id,
    });
    expect(older.messages.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `message ${i + 21}`));
    const oldest = await back.ask<{ ok: true; messages: ChatMessage[]; hasOlder: boolean }>('history', {
      before: older.messages[0]?.id,
    });
    expect(oldest).toMatchObject({ hasOlder: false });
    expect(oldest.messages).toHaveLength(20);
  });

  it('drops messages past the retention period', async () => {
    const e = await engine();
    const { output, token } = await e.output('salon');
    const alice = await join(e.base, { viewerToken: token, name: 'Alice' });
    await alice.ask('send', { text: 'old news' });
    e.advance(10 * 86_400_000);
    await alice.ask('send', { text: 'fresh' });
    e.chat.setRetentionDays(7);
    expect(e.chat.retentionDays()).toBe(7);
    const again = await join(e.base, { chatToken: e.staffToken(output.id) });
    expect(again.welcome.history.map((m) => m.text)).toEqual(['fresh']);
  });

  it('the app reaches its room, its moderation log and the retention through RPC', async () => {
    const e = await engine();
    const { output, token } = await e.output('salon');
    const access = await e.call<{ url: string; path: string; chatToken: string; role: string }>('chat.staffAccess', {
      outputId: output.id,
      name: 'Host Team',
    });
    expect(access).toMatchObject({ url: e.base, path: '/chat/socket.io/', role: 'owner' });
    const staff = await join(access.url, { chatToken: access.chatToken });
    const alice = await join(e.base, { viewerToken: token, name: 'Alice' });
    await staff.ask('moderate', { action: 'mute', chatterId: alice.welcome.chatterId, minutes: 2 });
    const log = await e.call<{ items: { action: string; actorName: string; detail: string; at: string }[] }>(
      'chat.moderationLog',
      {
        outputId: output.id,
      },
    );
    expect(log.items).toMatchObject([{ action: 'mute', actorName: 'Host Team', detail: 'Alice, 2 min' }]);
    expect(await e.call('chat.getSettings')).toEqual({ retentionDays: 30 });
    expect(await e.call('chat.setSettings', { retentionDays: 3 })).toEqual({ retentionDays: 3 });
    await expect(e.call('chat.setSettings', { retentionDays: 0 })).rejects.toThrow(/at least 1 day/);
    await expect(e.call('chat.staffAccess', { outputId: 'nope' })).rejects.toThrow(/No output/);
  });

  it('speaks WebSocket only: long-polling is not served', async () => {
    const e = await engine();
    const res = await fetch(`${e.base}/chat/socket.io/?EIO=4&transport=polling`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await res.text()).not.toContain('sid');
  });
});
