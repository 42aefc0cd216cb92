import { Duplex, PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '@shared/contract';
import type { User } from '@shared/contract/accounts';
import type { Live } from '@shared/contract/lives';
import type { Notification } from '@shared/contract/notifications';
import { serveChannel } from '@shared/rpc/channel-server';
import { createChannelClient, type ChannelClient } from '@shared/rpc/channel-client';
import { accountsModule } from '../accounts/accounts-module';
import { bindSession } from '../accounts/session-binding';
import { livesModule } from '../lives/lives-module';
import { notificationsModule } from '../notifications/notifications-module';
import { ndjsonChannel } from '../rpc/ndjson-channel';
import { systemModule } from '../system/system-module';
import { startTestEngine, type TestEngine } from '../../../tests/support/engine/test-engine';
import { waitFor } from '../../../tests/support/wait-for';

const PASSWORD = 'correct horse battery';
let t: TestEngine | undefined;
const clients: ChannelClient<typeof contract>[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await t?.close();
  t = undefined;
});

/** One NDJSON connection to the engine, as the agent serves it, recording the events it receives. */
function connect(engine: TestEngine): { client: ChannelClient<typeof contract>; events: { event: string; payload: unknown }[] } {
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
  const events: { event: string; payload: unknown }[] = [];
  for (const name of ['live.updated', 'notification', 'notifications.status'] as const) {
    client.api.on(name, (payload) => events.push({ event: name, payload }));
  }
  return { client, events };
}

describe('event filter on a shared engine', () => {
  it("sends a live's events to its owner and the admins, never to someone else or a stranger", async () => {
    t = await startTestEngine({
      mode: 'shared',
      modules: [systemModule(), accountsModule(), notificationsModule(), livesModule()],
    });
    const admin = connect(t);
    const alice = connect(t);
    const bob = connect(t);
    const stranger = connect(t);
    await admin.client.api.auth.register({ email: 'admin@example.com', password: PASSWORD });
    await admin.client.api.auth.login({ email: 'admin@example.com', password: PASSWORD });
    const a = (await alice.client.api.auth.register({ email: 'alice@example.com', password: PASSWORD })).user as User;
    const b = (await bob.client.api.auth.register({ email: 'bob@example.com', password: PASSWORD })).user as User;
    await waitFor(() => admin.events.filter((e) => e.event === 'notification').length === 2, {
      what: 'the admin told of both registrations',
    });
    await admin.client.api.users.approve({ userId: a.id });
    await admin.client.api.users.approve({ userId: b.id });
    await alice.client.api.auth.login({ email: 'alice@example.com', password: PASSWORD });
    await bob.client.api.auth.login({ email: 'bob@example.com', password: PASSWORD });

    const live = (await alice.client.api.lives.create({ title: 'Alice only', source: { kind: 'testPattern' } })) as Live;
    // bob's own live: proves bob's connection does receive events, just not alice's.
    const own = (await bob.client.api.lives.create({ title: 'Bob only', source: { kind: 'testPattern' } })) as Live;
    const updates = (c: { events: { event: string; payload: unknown }[] }): string[] =>
      c.events.filter((e) => e.event === 'live.updated').map((e) => (e.payload as Live).id);
    await waitFor(() => updates(bob).includes(own.id) && updates(admin).includes(own.id), {
      what: 'bob and the admin saw their updates',
    });
    expect(updates(alice)).toEqual([live.id]);
    expect(updates(bob)).toEqual([own.id]);
    expect(updates(admin)).toEqual([live.id, own.id]);
    expect(updates(stranger)).toEqual([]);
    const approvals = (c: { events: { event: string; payload: unknown }[] }): Notification[] =>
      c.events.filter((e) => e.event === 'notification').map((e) => e.payload as Notification);
    // Approval notices went out before alice and bob signed in; their own were filtered then.
    expect(approvals(bob)).toEqual([]);
    expect(approvals(stranger)).toEqual([]);
    // An unapproved account signed in hears about its own approval, and only that.
    const carol = connect(t);
    const c = (await carol.client.api.auth.register({ email: 'carol@example.com', password: PASSWORD })).user as User;
    await carol.client.api.auth.login({ email: 'carol@example.com', password: PASSWORD });
    await admin.client.api.users.approve({ userId: c.id });
    await waitFor(() => approvals(carol).length === 1, { what: 'carol told of her approval' });
    expect(approvals(carol)[0]).toMatchObject({ kind: 'user.approved', userId: c.id });
    expect(updates(carol)).toEqual([]);
    await waitFor(() => approvals(admin).length === 6, { what: 'the admin told of registrations and approvals' });
    expect(approvals(bob)).toEqual([]);
    expect(
      approvals(admin)
        .map((n) => n.kind)
        .sort(),
    ).toEqual(['user.approved', 'user.approved', 'user.approved', 'user.registered', 'user.registered', 'user.registered']);
  });
});
