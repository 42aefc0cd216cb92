import { Duplex, PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '@shared/contract';
import type { Session, User } from '@shared/contract/accounts';
import { serveChannel } from '@shared/rpc/channel-server';
import { createChannelClient, type ChannelClient } from '@shared/rpc/channel-client';
import { ndjsonChannel } from '../rpc/ndjson-channel';
import { startTestEngine, type TestEngine } from '../../../tests/support/engine/test-engine';
import { systemModule } from '../system/system-module';
import { accountsModule } from './accounts-module';
import { bindSession } from './session-binding';
import { waitFor } from '../../../tests/support/wait-for';

const PASSWORD = 'correct horse battery';
let t: TestEngine | undefined;
const clients: ChannelClient<typeof contract>[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await t?.close();
  t = undefined;
});

/** One NDJSON connection as the agent serves it (session bound, events filtered), recording users.changed. */
function connect(engine: TestEngine) {
  const up = new PassThrough();
  const down = new PassThrough();
  serveChannel(ndjsonChannel(Duplex.from({ readable: up, writable: down })), {
    router: engine.engine.router,
    events: engine.engine.events,
    context: { transport: 'stream' },
    updateContext: bindSession,
    canReceive: engine.engine.canReceive,
  });
  const client = createChannelClient(contract, ndjsonChannel(Duplex.from({ readable: down, writable: up })), {
    timeoutMs: 20_000,
  });
  clients.push(client);
  const changes: User[] = [];
  client.api.on('users.changed', ({ user }) => changes.push(user));
  return { api: client.api, changes };
}

/** The one polling helper, with the name of what is awaited first (reads like a sentence here). */
const until = (what: string, check: () => boolean) => waitFor(check, { what });

describe('account activity', () => {
  it('tells a waiting account by event, the moment an admin approves it; others hear nothing of it', async () => {
    t = await startTestEngine({ mode: 'shared', modules: [systemModule(), accountsModule()] });
    const admin = connect(t);
    await admin.api.auth.register({ email: 'admin@example.com', password: PASSWORD });
    await admin.api.auth.login({ email: 'admin@example.com', password: PASSWORD });
    const bystander = connect(t);
    await bystander.api.auth.register({ email: 'bob@example.com', password: PASSWORD });
    const waiting = connect(t);
    const guest = (await waiting.api.auth.register({ email: 'guest@example.com', password: PASSWORD })).user;
    await waiting.api.auth.login({ email: 'guest@example.com', password: PASSWORD });
    await until('the admin to see both registrations', () => admin.changes.length >= 2);
    expect(waiting.changes).toEqual([]);

    await admin.api.users.approve({ userId: guest.id });
    await until('the waiting account to hear of its approval', () => waiting.changes.some((u) => u.isApproved));
    expect(waiting.changes.at(-1)).toMatchObject({ id: guest.id, isApproved: true });
    expect((await waiting.api.auth.status()).isApproved).toBe(true);
    await admin.api.users.setAdmin({ userId: guest.id, isAdmin: true });
    await until('the new admin to hear of its role', () => waiting.changes.some((u) => u.isAdmin));
    // Anonymous connections hear nothing about anyone.
    expect(bystander.changes).toEqual([]);
  });

  it('keeps when each account was last seen, to the minute, from its sign-in and its calls', async () => {
    t = await startTestEngine({ mode: 'shared', modules: [systemModule(), accountsModule()] });
    const engine = t;
    const register = async (email: string): Promise<User> =>
      ((await engine.call('auth.register', { email, password: PASSWORD })) as { user: User }).user;
    const boss = await register('boss@example.com');
    const guest = await register('guest@example.com');
    expect(boss.lastSeenAt).toBeNull();
    const signedInAt = engine.clock.now;
    const admin = (await engine.call('auth.login', { email: 'boss@example.com', password: PASSWORD })) as Session;
    const as = { sessionToken: admin.token };
    const seen = async (): Promise<Record<string, string | null>> => {
      const page = (await engine.call('users.list', {}, as)) as { items: User[] };
      return Object.fromEntries(page.items.map((u) => [u.email, u.lastSeenAt]));
    };
    expect(await seen()).toEqual({ 'boss@example.com': new Date(signedInAt).toISOString(), 'guest@example.com': null });
    engine.clock.now += 30_000; // within the minute: not written again
    expect((await seen())['boss@example.com']).toBe(new Date(signedInAt).toISOString());
    engine.clock.now += 45_000;
    expect((await seen())['boss@example.com']).toBe(new Date(engine.clock.now).toISOString());
    expect(guest.lastSeenAt).toBeNull();
  });
});
