import { PassThrough, Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '@shared/contract';
import type { AuthStatus, Session, User } from '@shared/contract/accounts';
import type { Live } from '@shared/contract/lives';
import { RpcError } from '@shared/contract/errors';
import { serveChannel } from '@shared/rpc/channel-server';
import { createChannelClient } from '@shared/rpc/channel-client';
import { accountsModule } from '../accounts/accounts-module';
import { bindSession } from '../accounts/session-binding';
import { livesModule } from '../lives/lives-module';
import { ndjsonChannel } from '../rpc/ndjson-channel';
import { systemModule } from '../system/system-module';
import { LOCAL_OWNER, type CallContext } from '../context';
import { ANONYMOUS, guardHandlers } from './auth-layer';
import { rpcErrorOf, startTestEngine, type TestEngine } from '../../../tests/support/engine/test-engine';

const PASSWORD = 'correct horse battery';
const NEW_LIVE = { title: 'Sunday service', source: { kind: 'testPattern' } };
const modules = () => [systemModule(), accountsModule(), livesModule()];
let t: TestEngine | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function team(): Promise<{ t: TestEngine; admin: string; alice: string; bob: string; aliceId: string }> {
  const engine = await startTestEngine({ mode: 'shared', modules: modules() });
  t = engine;
  const signUp = async (email: string): Promise<User> =>
    ((await engine.call('auth.register', { email, password: PASSWORD })) as { user: User }).user;
  const signIn = async (email: string): Promise<string> =>
    ((await engine.call('auth.login', { email, password: PASSWORD })) as Session).token;
  await signUp('admin@example.com');
  const alice = await signUp('alice@example.com');
  const bob = await signUp('bob@example.com');
  const admin = await signIn('admin@example.com');
  for (const user of [alice, bob]) await engine.call('users.approve', { userId: user.id }, { sessionToken: admin });
  return { t: engine, admin, alice: await signIn('alice@example.com'), bob: await signIn('bob@example.com'), aliceId: alice.id };
}

describe('auth layer', () => {
  it('never runs a host method (shell, settings, targets) on an engine, even for an admin', async () => {
    const { t: engine, admin } = await team();
    for (const method of ['settings.update', 'targets.add', 'shell.pickFile']) {
      const error = await rpcErrorOf(engine.call(method, {}, { sessionToken: admin }));
      expect(error).toMatchObject({
        code: 'UNKNOWN_METHOD',
        message: `${method} is answered by the app itself, never by an engine.`,
      });
    }
  });

  it('refuses an unauthenticated lives.list on a shared engine', async () => {
    t = await startTestEngine({ mode: 'shared', modules: modules() });
    const error = await rpcErrorOf(t.call('lives.list', {}));
    expect(error.code).toBe('UNAUTHENTICATED');
    const stale = await rpcErrorOf(t.call('lives.list', {}, { sessionToken: 'forged-token' }));
    expect(stale.code).toBe('UNAUTHENTICATED');
  });

  it('never lets a shared-engine handler fall back to the local owner', async () => {
    t = await startTestEngine({ mode: 'shared', modules: modules() });
    // auth.status is public: it runs, but as nobody — not as the single-owner admin.
    const status = (await t.call('auth.status', {})) as AuthStatus;
    expect(status).toMatchObject({ mode: 'shared', authenticated: false, isAdmin: false });
    // Even a caller smuggled into the context by a network transport is ignored.
    const smuggled = await rpcErrorOf(t.call('lives.list', {}, { caller: { userId: 'x', isAdmin: true, isApproved: true } }));
    expect(smuggled.code).toBe('UNAUTHENTICATED');
  });

  it('hands every shared-mode handler a resolved caller: the session account or ANONYMOUS', async () => {
    const seen: unknown[] = [];
    const spy = ((_input: unknown, ctx: CallContext) => {
      seen.push(ctx.caller);
      return {};
    }) as never;
    const alice = { userId: 'u-alice', isAdmin: false, isApproved: true };
    const guarded = guardHandlers(
      { 'auth.status': spy, 'lives.list': spy },
      {
        mode: 'shared',
        resolveSession: (token) => (token === 'alice-token' ? alice : null),
      },
    ) as Record<string, (input: unknown, ctx: CallContext) => Promise<unknown>>;
    await guarded['auth.status']?.({}, { transport: 'ws' });
    await guarded['auth.status']?.({}, { transport: 'ws', sessionToken: 'stale' });
    await guarded['lives.list']?.({}, { transport: 'ws', sessionToken: 'alice-token' });
    await expect(guarded['lives.list']?.({}, { transport: 'ws' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(seen).toEqual([ANONYMOUS, ANONYMOUS, alice]);
    const local = guardHandlers({ 'lives.list': spy }, { mode: 'single-owner', resolveSession: () => null }) as Record<
      string,
      (input: unknown, ctx: CallContext) => Promise<unknown>
    >;
    await local['lives.list']?.({}, { transport: 'ipc' });
    expect(seen.at(-1)).toBe(LOCAL_OWNER);
  });

  it('lets a single-owner engine run everything as the local owner, no login', async () => {
    t = await startTestEngine({ mode: 'single-owner', modules: modules() });
    const live = (await t.call('lives.create', NEW_LIVE)) as Live;
    expect(live.ownerId).toBe('local');
    expect(((await t.call('lives.list', {})) as { items: Live[] }).items).toHaveLength(1);
    expect((await rpcErrorOf(t.call('auth.login', { email: 'a@example.com', password: 'x' }))).code).toBe('INVALID_STATE');
  });

  it('scopes lives to their owner; admins see and stop all but do not edit', async () => {
    const { t, admin, alice, bob, aliceId } = await team();
    const live = (await t.call('lives.create', NEW_LIVE, { sessionToken: alice })) as Live;
    expect(live.ownerId).toBe(aliceId);
    expect(((await t.call('lives.list', {}, { sessionToken: bob })) as { items: Live[] }).items).toEqual([]);
    expect(((await t.call('lives.list', {}, { sessionToken: admin })) as { items: Live[] }).items.map((l) => l.id)).toEqual([
      live.id,
    ]);
    for (const method of ['lives.get', 'lives.start', 'lives.stop', 'lives.delete']) {
      expect((await rpcErrorOf(t.call(method, { liveId: live.id }, { sessionToken: bob }))).code).toBe('NOT_FOUND');
    }
    await expect(t.call('lives.get', { liveId: live.id }, { sessionToken: admin })).resolves.toMatchObject({ id: live.id });
    // The admin may stop anyone's live: the policy lets it through to the lives domain.
    const stop = await t.call('lives.stop', { liveId: live.id }, { sessionToken: admin }).catch((e: unknown) => e);
    expect(stop instanceof RpcError ? stop.code : 'ok').not.toMatch(/FORBIDDEN|NOT_FOUND|UNAUTHENTICATED/);
    const edit = await rpcErrorOf(t.call('lives.update', { liveId: live.id, patch: { title: 'x' } }, { sessionToken: admin }));
    expect(edit.code).toBe('FORBIDDEN');
    const renamed = (await t.call(
      'lives.update',
      { liveId: live.id, patch: { title: 'Mass' } },
      { sessionToken: alice },
    )) as Live;
    expect(renamed.title).toBe('Mass');
  });

  it('carries the session over the NDJSON transport: login binds it, logout unbinds it', async () => {
    const engine = await startTestEngine({ mode: 'shared', modules: modules() });
    t = engine;
    await engine.call('auth.register', { email: 'admin@example.com', password: PASSWORD });
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverChannel = ndjsonChannel(Duplex.from({ readable: toServer, writable: toClient }));
    const clientChannel = ndjsonChannel(Duplex.from({ readable: toClient, writable: toServer }));
    const context: CallContext = { transport: 'stream', peer: 'ssh:admin' };
    const served = serveChannel(serverChannel, {
      router: engine.engine.router,
      events: engine.engine.events,
      context,
      updateContext: bindSession,
    });
    const client = createChannelClient(contract, clientChannel, { timeoutMs: 20_000 });
    try {
      const refused = await client.api.lives.list().catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RpcError);
      expect((refused as RpcError).code).toBe('UNAUTHENTICATED');
      const session = await client.api.auth.login({ email: 'admin@example.com', password: PASSWORD });
      await expect(client.api.lives.list()).resolves.toEqual({ items: [], nextCursor: null });
      await expect(client.api.auth.status()).resolves.toMatchObject({ authenticated: true, isAdmin: true });
      await client.api.auth.logout();
      expect(((await client.api.lives.list().catch((e: unknown) => e)) as RpcError).code).toBe('UNAUTHENTICATED');
      // After a reconnect, a client presents the token it kept — here, a revoked one.
      const revoked = await client.api.auth.useSession({ token: session.token }).catch((e: unknown) => e);
      expect((revoked as RpcError).code).toBe('UNAUTHENTICATED');
      const again = await client.api.auth.login({ email: 'admin@example.com', password: PASSWORD });
      await client.api.auth.logout();
      await expect(client.api.auth.useSession({ token: again.token })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      const third = await client.api.auth.login({ email: 'admin@example.com', password: PASSWORD });
      await expect(client.api.auth.useSession({ token: third.token })).resolves.toMatchObject({ authenticated: true });
      await expect(client.api.users.list()).resolves.toMatchObject({ items: [{ email: 'admin@example.com' }] });
    } finally {
      served.close();
      client.close();
    }
  });
});
