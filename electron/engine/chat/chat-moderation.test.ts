import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRefusal } from '@shared/chat/chat-protocol';
import { ChatClient, startChatEngine } from '../../../tests/support/chat/chat-engine';

type Answer = { ok: true; message?: ChatMessage; reactions?: Record<string, number> } | ChatRefusal;
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

/** An engine, an output, its owner in the chat (staff) and two viewers. */
async function room() {
  const e = await startChatEngine({ limits: ROOMY, trustProxy: true });
  cleanups.push(() => e.close());
  const { output, token } = await e.output('salon');
  const join = async (auth: Parameters<typeof ChatClient.join>[1], ip?: string) => {
    const client = await ChatClient.join(e.base, auth, ip);
    cleanups.push(() => client.close());
    return client;
  };
  const owner = await join({ chatToken: e.staffToken(output.id, 'Streamer') });
  const alice = await join({ viewerToken: token, name: 'Alice' }, '203.0.113.1');
  const bob = await join({ viewerToken: token, name: 'Bob' }, '203.0.113.2');
  return { e, output, token, owner, alice, bob, join };
}

const say = async (client: ChatClient, text: string): Promise<ChatMessage> => {
  const answer = await client.ask<Answer>('send', { text });
  if (!answer.ok || !answer.message) throw new Error(`not sent: ${JSON.stringify(answer)}`);
  return answer.message;
};

describe('chat messages', () => {
  it('reactions come from a fixed set, one per person per emoji', async () => {
    const { alice, bob } = await room();
    const message = await say(alice, 'goal!');
    expect(await bob.ask('react', { messageId: message.id, reaction: 'party' })).toEqual({ ok: true, reactions: { party: 1 } });
    expect(await bob.ask('react', { messageId: message.id, reaction: 'party' })).toEqual({ ok: true, reactions: { party: 1 } });
    expect(await alice.ask('react', { messageId: message.id, reaction: 'party' })).toEqual({ ok: true, reactions: { party: 2 } });
    expect(await bob.ask('react', { messageId: message.id, reaction: 'like' })).toEqual({
      ok: true,
      reactions: { party: 2, like: 1 },
    });
    expect(await bob.ask('react', { messageId: message.id, reaction: 'poop' })).toMatchObject({ ok: false, code: 'invalid' });
    await alice.next<{ reactions: Record<string, number> }>('reactions', (p) => p.reactions.like === 1);
  });

  it('counts presence by person, and pushes it when it changes', async () => {
    const { token, alice, join } = await room();
    await alice.next<{ count: number }>('presence', (p) => p.count === 3);
    const carol = await join({ viewerToken: token, name: 'Carol' });
    const carolAgain = await join({ chatToken: carol.welcome.chatToken });
    await alice.next<{ count: number }>('presence', (p) => p.count === 4);
    carol.close();
    carolAgain.close();
    await alice.next<{ count: number }>('presence', (p) => p.count === 3);
  });
});

describe('chat moderation', () => {
  it('staff delete, pin and unpin; viewers may not', async () => {
    const { owner, alice, bob, join } = await room();
    const message = await say(alice, 'pin me');
    expect(await bob.ask('moderate', { action: 'pin', messageId: message.id })).toMatchObject({ code: 'forbidden' });
    expect(await owner.ask('moderate', { action: 'pin', messageId: message.id })).toMatchObject({ ok: true });
    expect((await bob.next<{ message: ChatMessage | null }>('pinned')).message?.text).toBe('pin me');
    const late = await join({ chatToken: bob.welcome.chatToken });
    expect(late.welcome.pinned?.id).toBe(message.id);

    expect(await owner.ask('moderate', { action: 'delete', messageId: message.id })).toMatchObject({ ok: true });
    expect(await bob.next<{ messageId: string }>('deleted')).toEqual({ messageId: message.id });
    await bob.next<{ message: ChatMessage | null }>('pinned', (p) => p.message === null);
    const after = await join({ chatToken: bob.welcome.chatToken });
    expect(after.welcome.history).toEqual([]);
    expect(after.welcome.pinned).toBeNull();
  });

  it('a timed mute silences one viewer until it ends', async () => {
    const { e, owner, alice, bob } = await room();
    expect(await owner.ask('moderate', { action: 'mute', chatterId: alice.welcome.chatterId, minutes: 5 })).toMatchObject({
      ok: true,
    });
    await alice.next('muted');
    expect(await alice.ask('send', { text: 'hello?' })).toMatchObject({ ok: false, code: 'muted' });
    await say(bob, 'I still can');
    e.advance(5 * 60_000 + 1);
    await say(alice, 'back');
    expect(await owner.ask('moderate', { action: 'mute', chatterId: owner.welcome.chatterId, minutes: 5 })).toMatchObject({
      code: 'forbidden',
    });
  });

  it('a ban closes the viewer and its address; a new name from that address is still banned; unban lifts both', async () => {
    const { e, token, owner, alice, bob, join } = await room();
    const closed = alice.disconnected();
    expect(await owner.ask('moderate', { action: 'ban', chatterId: alice.welcome.chatterId })).toMatchObject({ ok: true });
    expect(await alice.next<ChatRefusal>('refused')).toMatchObject({ code: 'banned' });
    await closed;
    // Nothing else is disturbed: Bob (another address) and the staff stay and talk.
    await say(bob, 'still here');
    await say(owner, 'and me');
    expect(await ChatClient.connect(e.base, { viewerToken: token, name: 'Alicia' }, '203.0.113.1')).toMatchObject({
      code: 'banned',
    });
    expect(await ChatClient.connect(e.base, { chatToken: alice.welcome.chatToken }, '198.51.100.7')).toMatchObject({
      code: 'banned',
    });
    expect(await owner.ask('moderate', { action: 'unban', chatterId: alice.welcome.chatterId })).toMatchObject({ ok: true });
    const back = await join({ chatToken: alice.welcome.chatToken }, '203.0.113.1');
    expect(back.welcome.name).toBe('Alice');
  });

  it('a ban by user only leaves the address open to others', async () => {
    const { e, token, owner, alice, join } = await room();
    expect(await owner.ask('moderate', { action: 'ban', chatterId: alice.welcome.chatterId, userOnly: true })).toMatchObject({
      ok: true,
    });
    expect(await ChatClient.connect(e.base, { chatToken: alice.welcome.chatToken }, '203.0.113.1')).toMatchObject({
      code: 'banned',
    });
    await join({ viewerToken: token, name: 'Carol' }, '203.0.113.1');
  });

  it('slow mode spaces each viewer’s messages, not the staff’s', async () => {
    const { e, owner, alice } = await room();
    expect(await owner.ask('moderate', { action: 'slowMode', seconds: 30 })).toMatchObject({ ok: true });
    expect(await alice.next<{ seconds: number }>('slowMode')).toEqual({ seconds: 30 });
    await say(alice, 'one');
    const refused = await alice.ask<ChatRefusal>('send', { text: 'two' });
    expect(refused).toMatchObject({ ok: false, code: 'slowMode' });
    expect(refused.retryAfterMs).toBeGreaterThan(25_000);
    await say(owner, 'staff one');
    await say(owner, 'staff two');
    e.advance(30_000);
    await say(alice, 'two');
  });

  it('the word filter refuses a message with a listed word, in any case or disguise', async () => {
    const { owner, alice, bob } = await room();
    expect(await owner.ask('moderate', { action: 'words', words: ['Idiot', 'spam'] })).toMatchObject({ ok: true });
    expect(await alice.ask('send', { text: 'you 1D10T' })).toMatchObject({ ok: false, code: 'filtered' });
    await say(alice, 'idiotic but allowed');
    expect(bob.received.filter((r) => r.event === 'message')).toHaveLength(0);
  });

  it('clear empties the room for everyone, and every action is logged with who did it', async () => {
    const { e, output, owner, alice, bob, join } = await room();
    await say(alice, 'one');
    await say(bob, 'two');
    expect(await owner.ask('moderate', { action: 'clear' })).toMatchObject({ ok: true });
    await bob.next('cleared');
    const fresh = await join({ chatToken: bob.welcome.chatToken });
    expect(fresh.welcome.history).toEqual([]);
    await owner.ask('moderate', { action: 'slowMode', seconds: 5 });
    const log = e.chat.moderationLog(output.id);
    expect(log.map((l) => [l.action, l.actorName, l.actorId])).toEqual([
      ['slowMode', 'Streamer', 'local'],
      ['clear', 'Streamer', 'local'],
    ]);
  });

  it('moderators are named by the owner, act under their own name, and lose the role when removed', async () => {
    const { e, output, alice, join } = await room();
    const mia = { userId: 'user-mia', isAdmin: false, isApproved: true };
    expect(() => e.chat.staffToken(mia, output.id, 'Mia')).toThrow(/Only the owner/);
    expect(() => e.chat.setModerator(mia, output.id, 'user-mia', true)).toThrow(/Only the owner/);
    e.chat.setModerator({ userId: 'local', isAdmin: true, isApproved: true }, output.id, 'user-mia', true);
    const miaToken = e.chat.staffToken(mia, output.id, 'Mia').chatToken;
    const miaClient = await join({ chatToken: miaToken });
    expect(miaClient.welcome.role).toBe('moderator');
    const message = await say(alice, 'hi');
    expect(await miaClient.ask('moderate', { action: 'delete', messageId: message.id })).toMatchObject({ ok: true });
    expect(e.chat.moderationLog(output.id)[0]).toMatchObject({
      action: 'delete',
      actorId: 'user-mia',
      actorName: 'Mia',
    });
    const closed = miaClient.disconnected();
    e.chat.setModerator({ userId: 'local', isAdmin: true, isApproved: true }, output.id, 'user-mia', false);
    expect(await miaClient.next<ChatRefusal>('refused')).toMatchObject({ code: 'forbidden' });
    await closed;
    expect(await ChatClient.connect(e.base, { chatToken: miaToken })).toMatchObject({ code: 'forbidden' });
  });
});
