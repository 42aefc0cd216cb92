import type { AuthStatus, Language, User } from '@shared/contract/accounts';
import { RpcError } from '@shared/contract/errors';
import { callerOf, type CallContext } from '../context';
import type { EngineDeps, EngineHandlers, EngineModule } from '../module';
import { ANONYMOUS } from '../policy/auth-layer';
import { cursorKey, pageOfRows } from '../rpc/page';
import { LoginLimiter, type LoginLimits } from './login-limiter';
import { accountsMigrations } from './migrations';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password';
import { SessionStore } from './sessions';
import type { AccountContact } from './accounts-port';
import { publicUser, UserStore, type StoredUser } from './user-store';
import { engineMessage } from '@shared/messages/engine-message';

export interface AccountsOptions {
  loginLimits?: LoginLimits;
}

/**
 * Accounts, sessions and approval: what a shared engine (a team's VPS agent) needs. Exports the
 * people's contacts, for the notifications domain.
 */
export function accountsModule(options: AccountsOptions = {}): EngineModule<'accounts'> {
  return {
    name: 'accounts',
    migrations: accountsMigrations,
    build(deps) {
      const users = new UserStore(deps.db, deps.now);
      const contact = (user: StoredUser): AccountContact => ({ userId: user.id, email: user.email, language: user.language });
      return {
        handlers: accountsHandlers(deps, users, options),
        exports: {
          contactOf: (userId) => {
            const user = users.byId(userId);
            return user ? contact(user) : null;
          },
          adminContacts: () => users.admins().map(contact),
        },
      };
    },
  };
}

function accountsHandlers(deps: EngineDeps, users: UserStore, options: AccountsOptions): Partial<EngineHandlers> {
  const sessions = new SessionStore(deps.db, deps.now);
  const limiter = new LoginLimiter(deps.db, deps.now, options.loginLimits);

  // Admins' lists and the waiting screen follow accounts by this event, never by polling.
  const changed = (user: StoredUser): User => {
    const view = publicUser(user);
    deps.events.emit('users.changed', { userId: view.id, user: view });
    return view;
  };

  const sharedOnly = (what: string): void => {
    if (deps.mode !== 'shared') {
      throw new RpcError('INVALID_STATE', `This engine runs in single-owner mode: ${what} is only for shared engines.`);
    }
  };

  const statusOf = (ctx: CallContext): AuthStatus => {
    if (deps.mode === 'single-owner') {
      return { mode: 'single-owner', authenticated: true, user: null, isAdmin: true, isApproved: true };
    }
    const caller = callerOf(ctx);
    const user = caller.userId === ANONYMOUS.userId ? null : users.byId(caller.userId);
    if (!user) return { mode: 'shared', authenticated: false, user: null, isAdmin: false, isApproved: false };
    return { mode: 'shared', authenticated: true, user: publicUser(user), isAdmin: user.isAdmin, isApproved: user.isApproved };
  };

  return {
    'auth.register': async ({ email, password, language }, ctx) => {
      sharedOnly('registering');
      limiter.admitRegistration(ctx.peer ?? ctx.transport);
      const passwordHash = await hashPassword(password);
      const user = users.create({ email, passwordHash, language: language as Language });
      // The very first account approved itself; everyone after waits for an admin.
      if (!user.isApproved) deps.notices.emit({ kind: 'user.registered', userId: user.id, email: user.email });
      return { user: changed(user) };
    },

    'auth.login': async ({ email, password }, ctx) => {
      sharedOnly('signing in');
      const peer = ctx.peer ?? ctx.transport;
      limiter.check(email, peer);
      const user = users.byEmail(email);
      // Same work and the same answer whether the address is unknown or the password wrong.
      const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
      if (!user || !ok) {
        limiter.recordFailure(email, peer);
        throw RpcError.of('UNAUTHENTICATED', engineMessage('accounts.wrongCredentials'));
      }
      limiter.recordSuccess(email);
      const session = sessions.open(user.id);
      return { token: session.token, expiresAt: new Date(session.expiresAt).toISOString(), user: publicUser(user) };
    },

    'auth.useSession': ({ token }, ctx) => {
      sharedOnly('a session');
      const owner = sessions.resolve(token);
      if (!owner) throw RpcError.of('UNAUTHENTICATED', engineMessage('access.sessionExpired'));
      return statusOf({ ...ctx, caller: owner });
    },

    'auth.logout': (_input, ctx) => {
      if (ctx.sessionToken !== undefined) sessions.close(ctx.sessionToken);
      return {};
    },

    'auth.status': (_input, ctx) => statusOf(ctx),

    'auth.setLanguage': ({ language }, ctx) => changed(users.setLanguage(callerOf(ctx).userId, language)),

    'users.list': (input) => {
      const limit = input?.limit ?? 100;
      const key = cursorKey('users.list', input?.cursor, ['number', 'string']);
      const after = key ? { createdAt: key[0] as number, email: key[1] as string } : undefined;
      return pageOfRows(users.page(after, limit + 1), {
        limit,
        view: publicUser,
        keyOf: (u) => [Date.parse(u.createdAt), u.email],
      });
    },

    'users.approve': ({ userId }) => {
      const before = users.require(userId);
      const user = users.setApproved(userId, true);
      if (!before.isApproved) deps.notices.emit({ kind: 'user.approved', userId: user.id, email: user.email });
      return changed(user);
    },

    'users.revoke': ({ userId }) => {
      const before = users.require(userId);
      const user = users.setApproved(userId, false);
      sessions.closeAllOf(userId);
      // Revoking an account still waiting is refusing its registration: the person is told.
      if (!before.isApproved) deps.notices.emit({ kind: 'user.refused', userId: user.id, email: user.email });
      return changed(user);
    },

    'users.setAdmin': ({ userId, isAdmin }) => changed(users.setAdmin(userId, isAdmin)),
  };
}
