import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session, User } from '@shared/contract/accounts';
import { systemModule } from '../system/system-module';
import { accountsModule } from './accounts-module';
import { createAdmin, readSecretLine } from './create-admin';
import { rpcErrorOf, startTestEngine, type TestEngine } from '../../../tests/support/engine/test-engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('create-admin', () => {
  it('creates an approved admin, so the next registration is an ordinary account', async () => {
    t = await startTestEngine({ mode: 'shared', modules: [systemModule(), accountsModule()] });
    const { user, created } = await createAdmin(t.engine.db, { email: ' Root@Example.com', password: 'a long admin password' });
    expect(created).toBe(true);
    expect(user).toMatchObject({ email: 'root@example.com', isAdmin: true, isApproved: true });
    const next = ((await t.call('auth.register', { email: 'guest@example.com', password: 'guest password 1' })) as { user: User })
      .user;
    expect(next).toMatchObject({ isAdmin: false, isApproved: false });
    const session = (await t.call('auth.login', { email: 'root@example.com', password: 'a long admin password' })) as Session;
    await expect(t.call('users.list', {}, { sessionToken: session.token })).resolves.toMatchObject({ items: [{}, {}] });
  });

  it('promotes an existing account and resets its password', async () => {
    t = await startTestEngine({ mode: 'shared', modules: [systemModule(), accountsModule()] });
    await t.call('auth.register', { email: 'first@example.com', password: 'first password 1' });
    await t.call('auth.register', { email: 'ops@example.com', password: 'old password 12' });
    const { user, created } = await createAdmin(t.engine.db, { email: 'ops@example.com', password: 'new password 123' });
    expect(created).toBe(false);
    expect(user).toMatchObject({ isAdmin: true, isApproved: true });
    expect((await rpcErrorOf(t.call('auth.login', { email: 'ops@example.com', password: 'old password 12' }))).code).toBe(
      'UNAUTHENTICATED',
    );
    await expect(t.call('auth.login', { email: 'ops@example.com', password: 'new password 123' })).resolves.toBeDefined();
  });

  it('refuses a bad address or a short password with a clear message', async () => {
    t = await startTestEngine({ mode: 'shared', modules: [systemModule(), accountsModule()] });
    await expect(createAdmin(t.engine.db, { email: 'nope', password: 'long enough pass' })).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
    });
    await expect(createAdmin(t.engine.db, { email: 'a@example.com', password: 'short' })).rejects.toThrow('at least 10');
  });

  it('reads the password from the first line of stdin', async () => {
    await expect(readSecretLine(Readable.from(['s3cret pass', 'word\r\n', 'ignored\n']))).resolves.toBe('s3cret password');
    await expect(readSecretLine(Readable.from(['no newline at all']))).resolves.toBe('no newline at all');
  });
});
