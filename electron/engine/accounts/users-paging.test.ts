import { afterEach, describe, expect, it } from 'vitest';
import type { Session, User } from '@shared/contract/accounts';
import type { Page } from '@shared/contract/paging';
import { accountsModule } from './accounts-module';
import { startTestEngine, type TestEngine } from '../../../tests/support/engine/test-engine';

const PASSWORD = 'correct horse battery';
let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('users.list pages', () => {
  it('pages the accounts oldest first, none twice, with a registration between pages', async () => {
    const engine = await startTestEngine({ mode: 'shared', modules: [accountsModule()] });
    t = engine;
    const emails = ['admin@example.com', ...Array.from({ length: 6 }, (_, i) => `user${i}@example.com`)];
    for (const email of emails) {
      await engine.call('auth.register', { email, password: PASSWORD });
      engine.clock.now += 1_000;
    }
    const { token } = (await engine.call('auth.login', { email: emails[0], password: PASSWORD })) as Session;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await engine.call(
        'users.list',
        { limit: 3, ...(cursor ? { cursor } : {}) },
        { sessionToken: token },
      )) as Page<User>;
      seen.push(...page.items.map((u) => u.email));
      cursor = page.nextCursor;
      if (seen.length === 3) await engine.call('auth.register', { email: 'late@example.com', password: PASSWORD });
    } while (cursor);
    // The late account is the newest: it comes last, once.
    expect(seen).toEqual([...emails, 'late@example.com']);
  });
});
