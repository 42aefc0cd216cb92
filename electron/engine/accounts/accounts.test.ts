import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuthStatus, Session, User } from '@shared/contract/accounts';
import { accountsModule } from './accounts-module';
import { systemModule } from '../system/system-module';
import { hashToken } from './sessions';
import { rpcErrorOf, startTestEngine, type TestEngine } from '../../../tests/support/engine/test-engine';

const PASSWORD = 'correct horse battery';
let t: TestEngine;

beforeEach(async () => {
  t = await startTestEngine({ mode: 'shared', modules: [systemModule(), accountsModule()] });
});
afterEach(async () => {
  await t.close();
});

const register = async (email: string, language = 'en'): Promise<User> =>
  ((await t.call('auth.register', { email, password: PASSWORD, language })) as { user: User }).user;
const login = async (email: string, password = PASSWORD, peer = 'peer-1'): Promise<Session> =>
  (await t.call('auth.login', { email, password }, { peer })) as Session;

describe('accounts', () => {
  it('makes the first account an approved admin and later ones wait for approval', async () => {
    const first = await register('boss@example.com');
    const second = await register('guest@example.com');
    expect(first).toMatchObject({ isAdmin: true, isApproved: true });
    expect(first.approvedAt).toBe(first.createdAt);
    expect(second).toMatchObject({ isAdmin: false, isApproved: false, approvedAt: null });
  });

  it('normalises e-mails (trim, lower case, NFC) and keeps them unique', async () => {
    const user = await register('  Zoe.Andre\u0301@Example.COM ');
    expect(user.email).toBe('zoe.andr\u00e9@example.com');
    const duplicate = await rpcErrorOf(register('zoe.andr\u00e9@example.com'));
    expect(duplicate.code).toBe('CONFLICT');
    const invalid = await rpcErrorOf(register('not-an-address'));
    expect(invalid.code).toBe('INVALID_PARAMS');
  });

  it('stores an scrypt hash with its parameters, never the password', async () => {
    await register('boss@example.com');
    const row = t.engine.db.prepare('SELECT password_hash FROM users').get() as { password_hash: string };
    expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('returns a 32-byte token once and stores only its SHA-256', async () => {
    await register('boss@example.com');
    const session = await login('BOSS@example.com');
    expect(Buffer.from(session.token, 'base64url')).toHaveLength(32);
    const rows = t.engine.db.prepare('SELECT token_hash FROM sessions').all() as { token_hash: string }[];
    expect(rows).toEqual([{ token_hash: hashToken(session.token) }]);
    const status = (await t.call('auth.status', {}, { sessionToken: session.token })) as AuthStatus;
    expect(status).toMatchObject({ authenticated: true, isAdmin: true, user: { email: 'boss@example.com' } });
  });

  it('answers an unknown e-mail exactly like a wrong password', async () => {
    await register('boss@example.com');
    const wrong = await rpcErrorOf(login('boss@example.com', 'not the password'));
    const unknown = await rpcErrorOf(login('nobody@example.com', 'not the password'));
    expect(wrong.toPayload()).toEqual(unknown.toPayload());
    expect(wrong.code).toBe('UNAUTHENTICATED');
  });

  it('spends similar time on an unknown e-mail and a wrong password (dummy scrypt)', async () => {
    await register('boss@example.com');
    const time = async (email: string): Promise<number> => {
      const started = performance.now();
      await rpcErrorOf(login(email, 'not the password', `peer-${email}-${started}`));
      return performance.now() - started;
    };
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      wrong.push(await time('boss@example.com'));
      unknown.push(await time(`nobody${i}@example.com`));
    }
    // Without the dummy hash an unknown address answers in well under a millisecond.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
  });

  it('rate-limits failures per e-mail: 5 in 15 minutes, then UNAVAILABLE with the wait', async () => {
    await register('boss@example.com');
    for (let i = 0; i < 5; i++) await rpcErrorOf(login('boss@example.com', 'wrong password'));
    const blocked = await rpcErrorOf(login('boss@example.com'));
    expect(blocked.code).toBe('UNAVAILABLE');
    expect(blocked.message).toBe('Too many attempts, try again in 15 minutes.');
    t.clock.now += 10 * 60_000;
    expect((await rpcErrorOf(login('boss@example.com'))).message).toBe('Too many attempts, try again in 5 minutes.');
    t.clock.now += 5 * 60_000 + 1;
    await expect(login('boss@example.com')).resolves.toMatchObject({ user: { email: 'boss@example.com' } });
  });

  it('rate-limits failures per transport peer across e-mails', async () => {
    await register('boss@example.com');
    for (let i = 0; i < 20; i++) await rpcErrorOf(login(`guess${i}@example.com`, 'wrong password', 'peer-9'));
    const blocked = await rpcErrorOf(login('boss@example.com', PASSWORD, 'peer-9'));
    expect(blocked.code).toBe('UNAVAILABLE');
    await expect(login('boss@example.com', PASSWORD, 'peer-2')).resolves.toBeDefined();
  });

  it('limits registrations per peer (each costs a hash and mails the admins)', async () => {
    for (let i = 0; i < 10; i++) await register(`member${i}@example.com`);
    const blocked = await rpcErrorOf(register('one-too-many@example.com'));
    expect(blocked.code).toBe('UNAVAILABLE');
    expect(blocked.message).toMatch(/^Too many attempts, try again in \d+ minutes?\.$/);
    await expect(
      t.call('auth.register', { email: 'elsewhere@example.com', password: PASSWORD }, { peer: 'peer-2' }),
    ).resolves.toBeDefined();
  });

  it('lets a signed-in account choose its language, even before approval', async () => {
    await register('boss@example.com');
    const guest = await register('guest@example.com');
    expect(guest.language).toBe('en');
    const { token } = await login('guest@example.com');
    const changed = (await t.call('auth.setLanguage', { language: 'fr' }, { sessionToken: token })) as User;
    expect(changed).toMatchObject({ id: guest.id, language: 'fr' });
    expect((await rpcErrorOf(t.call('auth.setLanguage', { language: 'de' }, { sessionToken: token }))).code).toBe(
      'INVALID_PARAMS',
    );
    expect((await rpcErrorOf(t.call('auth.setLanguage', { language: 'fr' }))).code).toBe('UNAUTHENTICATED');
  });

  it('expires sessions after 30 days without use, sliding while used', async () => {
    await register('boss@example.com');
    const { token } = await login('boss@example.com');
    const statusOf = async (): Promise<boolean> =>
      ((await t.call('auth.status', {}, { sessionToken: token })) as AuthStatus).authenticated;
    t.clock.now += 20 * 24 * 3600_000;
    expect(await statusOf()).toBe(true);
    t.clock.now += 20 * 24 * 3600_000; // day 40: alive because used on day 20
    await expect(t.call('users.list', {}, { sessionToken: token })).resolves.toBeDefined();
    t.clock.now += 31 * 24 * 3600_000;
    expect((await rpcErrorOf(t.call('users.list', {}, { sessionToken: token }))).code).toBe('UNAUTHENTICATED');
    expect(await statusOf()).toBe(false);
  });

  it('logout revokes the session; revoking a user closes all of theirs', async () => {
    const boss = await register('boss@example.com');
    const guest = await register('guest@example.com');
    const admin = await login('boss@example.com');
    await t.call('users.approve', { userId: guest.id }, { sessionToken: admin.token });
    const a = await login('guest@example.com');
    const b = await login('guest@example.com');
    await t.call('auth.logout', {}, { sessionToken: a.token });
    expect((await rpcErrorOf(t.call('system.info', {}, { sessionToken: a.token }))).code).toBe('UNAUTHENTICATED');
    await expect(t.call('system.info', {}, { sessionToken: b.token })).resolves.toBeDefined();
    const revoked = (await t.call('users.revoke', { userId: guest.id }, { sessionToken: admin.token })) as User;
    expect(revoked.isApproved).toBe(false);
    expect((await rpcErrorOf(t.call('system.info', {}, { sessionToken: b.token }))).code).toBe('UNAUTHENTICATED');
    expect(t.engine.db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?').get(guest.id)).toEqual({ n: 0 });
    expect(boss.isAdmin).toBe(true);
  });

  it('lets an admin approve, grant admin, and refuses to demote the last admin', async () => {
    const boss = await register('boss@example.com');
    const guest = await register('guest@example.com');
    const admin = await login('boss@example.com');
    const as = { sessionToken: admin.token };
    const approved = (await t.call('users.approve', { userId: guest.id }, as)) as User;
    expect(approved.isApproved).toBe(true);
    expect(approved.approvedAt).not.toBeNull();
    const lastAdmin = await rpcErrorOf(t.call('users.setAdmin', { userId: boss.id, isAdmin: false }, as));
    expect(lastAdmin.code).toBe('INVALID_STATE');
    await t.call('users.setAdmin', { userId: guest.id, isAdmin: true }, as);
    const demoted = (await t.call('users.setAdmin', { userId: boss.id, isAdmin: false }, as)) as User;
    expect(demoted.isAdmin).toBe(false);
    const list = (await rpcErrorOf(t.call('users.list', {}, as))).code;
    expect(list).toBe('FORBIDDEN');
    expect(
      (await rpcErrorOf(t.call('users.approve', { userId: 'nope' }, { sessionToken: (await login('guest@example.com')).token })))
        .code,
    ).toBe('NOT_FOUND');
  });

  it('shows an unapproved user their own status and nothing else', async () => {
    await register('boss@example.com');
    await register('guest@example.com');
    const { token } = await login('guest@example.com');
    const status = (await t.call('auth.status', {}, { sessionToken: token })) as AuthStatus;
    expect(status).toMatchObject({ authenticated: true, isApproved: false, user: { email: 'guest@example.com' } });
    for (const method of ['system.info', 'users.list']) {
      const error = await rpcErrorOf(t.call(method, {}, { sessionToken: token }));
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toContain('waiting for an admin');
    }
  });
});
