import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRefusal } from '@shared/chat/chat-protocol';
import { ChatClient, startChatEngine } from '../../../tests/support/chat/chat-engine';
import type { ChatLimits } from './chat-server';

/** Tight and slow to refill, so a test sees the limit and not the refill. */
const TIGHT: ChatLimits = {
  perConnection: { capacity: 5, perSecond: 0.01 },
  perAddress: { capacity: 8, perSecond: 0.01 },
  connectsPerAddress: { capacity: 6, perSecond: 0.01 },
  connectionsPerAddress: 4,
  floodStrikes: 10,
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function room(limits: ChatLimits = TIGHT) {
  const e = await startChatEngine({ limits, trustProxy: true });
  cleanups.push(() => e.close());
  const { output, token } = await e.output('salon');
  const join = async (auth: Parameters<typeof ChatClient.join>[1], ip: string) => {
    const client = await ChatClient.join(e.base, auth, ip);
    cleanups.push(() => client.close());
    return client;
  };
  return { e, output, token, join };
}

type Answer = { ok: true; message: ChatMessage } | ChatRefusal;
const send = (client: ChatClient, text: string): Promise<Answer> => client.ask<Answer>('send', { text });

describe('chat abuse', () => {
  it('a token bucket per connection refuses the sixth quick message, with when to retry; others go on', async () => {
    const { token, join } = await room();
    const alice = await join({ viewerToken: token, name: 'Alice' }, '203.0.113.1');
    const bob = await join({ viewerToken: token, name: 'Bob' }, '203.0.113.2');
    for (let i = 0; i < 5; i += 1) expect(await send(alice, `m${i}`)).toMatchObject({ ok: true });
    const refused = await send(alice, 'one too many');
    expect(refused).toMatchObject({ ok: false, code: 'rateLimited', message: 'You are sending too fast: wait a moment.' });
    expect((refused as ChatRefusal).retryAfterMs).toBeGreaterThan(0);
    expect(await send(bob, 'unaffected')).toMatchObject({ ok: true });
  });

  it('a token bucket per address spans its connections; another address is not touched', async () => {
    const { token, join } = await room();
    const one = await join({ viewerToken: token, name: 'One' }, '203.0.113.1');
    const two = await join({ viewerToken: token, name: 'Two' }, '203.0.113.1');
    const other = await join({ viewerToken: token, name: 'Other' }, '203.0.113.9');
    for (let i = 0; i < 5; i += 1) expect(await send(one, `a${i}`)).toMatchObject({ ok: true });
    for (let i = 0; i < 3; i += 1) expect(await send(two, `b${i}`)).toMatchObject({ ok: true });
    expect(await send(two, 'ninth from this address')).toMatchObject({ code: 'rateLimited' });
    expect(await send(other, 'fine')).toMatchObject({ ok: true });
  });

  it('a flood closes the flooder alone, saying why', async () => {
    const { token, join } = await room();
    const flooder = await join({ viewerToken: token, name: 'Flooder' }, '203.0.113.1');
    const bob = await join({ viewerToken: token, name: 'Bob' }, '203.0.113.2');
    const closed = flooder.disconnected();
    for (let i = 0; i < 40; i += 1) flooder.socket.emit('send', { text: `flood ${i}` }, () => undefined);
    expect(await flooder.next<ChatRefusal>('refused', (r) => r.code === 'rateLimited')).toMatchObject({ code: 'rateLimited' });
    await closed;
    expect(await send(bob, 'calm here')).toMatchObject({ ok: true });
    expect(bob.received.filter((r) => r.event === 'message').length).toBeLessThanOrEqual(6);
  });

  it('an oversized frame is refused with a reason; one past the transport limit closes only its sender', async () => {
    const { token, join } = await room();
    const alice = await join({ viewerToken: token, name: 'Alice' }, '203.0.113.1');
    const bob = await join({ viewerToken: token, name: 'Bob' }, '203.0.113.2');
    expect(await send(alice, 'x'.repeat(5000))).toMatchObject({ ok: false, code: 'tooLarge' });
    expect(await send(alice, 'y'.repeat(600))).toMatchObject({ ok: false, code: 'tooLong' });
    const closed = alice.disconnected();
    alice.socket.emit('send', { text: 'z'.repeat(1_000_000) }, () => undefined);
    await closed;
    expect(await send(bob, 'still fine')).toMatchObject({ ok: true });
  });

  it('frames it does not know, without an answer slot or off their schema are refused as invalid', async () => {
    const { token, join } = await room();
    const alice = await join({ viewerToken: token, name: 'Alice' }, '203.0.113.1');
    expect(await alice.ask('shout', { text: 'hi' })).toMatchObject({ code: 'invalid' });
    expect(await alice.ask('send', { text: 42 })).toMatchObject({ code: 'invalid' });
    expect(await alice.ask('send', { text: 'hi', html: '<b>' })).toMatchObject({ code: 'invalid' });
    alice.socket.emit('send', { text: 'no ack' });
    expect(await alice.next<ChatRefusal>('refused')).toMatchObject({ code: 'invalid' });
  });

  it('XSS payloads travel as the text they are; zalgo and oversized glyphs are refused', async () => {
    const { token, join } = await room();
    const alice = await join({ viewerToken: token, name: 'Alice' }, '203.0.113.1');
    const bob = await join({ viewerToken: token, name: 'Bob' }, '203.0.113.2');
    const payload = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    expect(await send(alice, payload)).toMatchObject({ ok: true, message: { text: payload } });
    expect((await bob.next<ChatMessage>('message')).text).toBe(payload);
    expect(await send(alice, `Z${'\u0336\u0337\u0338\u0334'.repeat(50)}`)).toMatchObject({ code: 'unreadable' });
    expect(await send(alice, '\uFDFD'.repeat(40))).toMatchObject({ code: 'unreadable' });
  });

  it('forged and expired chat tokens are refused for what they are; so is a flood of attempts', async () => {
    const { e, token, join } = await room();
    const alice = await join({ viewerToken: token, name: 'Alice' }, '203.0.113.1');
    alice.close();
    const good = alice.welcome.chatToken;
    const forged = `${good.slice(0, -4)}AAAA`;
    expect(await ChatClient.connect(e.base, { chatToken: forged }, '203.0.113.5')).toMatchObject({ code: 'tokenForged' });
    expect(await ChatClient.connect(e.base, { chatToken: 'v1.C.nope' }, '203.0.113.5')).toMatchObject({ code: 'tokenForged' });
    expect(await ChatClient.connect(e.base, { viewerToken: forged, name: 'Eve' }, '203.0.113.5')).toMatchObject({
      code: 'tokenForged',
    });
    expect(await ChatClient.connect(e.base, { nonsense: true }, '203.0.113.5')).toMatchObject({ code: 'invalid' });
    // Six attempts per address, then refused before the token is even read.
    expect(await ChatClient.connect(e.base, { chatToken: forged }, '203.0.113.5')).toMatchObject({ code: 'tokenForged' });
    expect(await ChatClient.connect(e.base, { chatToken: forged }, '203.0.113.5')).toMatchObject({ code: 'tokenForged' });
    expect(await ChatClient.connect(e.base, { chatToken: forged }, '203.0.113.5')).toMatchObject({ code: 'rateLimited' });
    e.advance(25 * 3600_000);
    expect(await ChatClient.connect(e.base, { chatToken: good }, '203.0.113.1')).toMatchObject({ code: 'tokenExpired' });
  });

  it('one address holds a bounded number of connections', async () => {
    const { e, token, join } = await room();
    const first = await join({ viewerToken: token, name: 'Alice' }, '203.0.113.1');
    for (let i = 0; i < 3; i += 1) await join({ chatToken: first.welcome.chatToken }, '203.0.113.1');
    expect(await ChatClient.connect(e.base, { chatToken: first.welcome.chatToken }, '203.0.113.1')).toMatchObject({
      code: 'tooManyConnections',
    });
    await join({ chatToken: first.welcome.chatToken }, '203.0.113.2');
  });
});
