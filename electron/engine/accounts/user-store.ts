import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { Language, User } from '@shared/contract/accounts';
import { RpcError } from '@shared/contract/errors';
import { transaction } from '../storage/database';
import { engineMessage } from '@shared/messages/engine-message';

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  is_admin: number;
  is_approved: number;
  language: string;
  created_at: number;
  approved_at: number | null;
  last_seen_at: number | null;
}

export interface StoredUser extends User {
  readonly passwordHash: string;
}

function toUser(row: UserRow): StoredUser {
  return {
    id: row.id,
    email: row.email,
    isAdmin: row.is_admin === 1,
    isApproved: row.is_approved === 1,
    language: row.language === 'fr' ? 'fr' : 'en',
    createdAt: new Date(row.created_at).toISOString(),
    approvedAt: row.approved_at === null ? null : new Date(row.approved_at).toISOString(),
    lastSeenAt: row.last_seen_at === null ? null : new Date(row.last_seen_at).toISOString(),
    passwordHash: row.password_hash,
  };
}

/** The public view: never the password hash. */
export function publicUser(user: StoredUser): User {
  const { passwordHash: _hidden, ...rest } = user;
  return rest;
}

/** The users table. E-mails arrive already normalised by the contract's `Email` schema. */
export class UserStore {
  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => number,
  ) {}

  byEmail(email: string): StoredUser | null {
    const row = this.db.prepare('SELECT * FROM users WHERE email = ?').get(email) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  byId(id: string): StoredUser | null {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  list(): StoredUser[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY created_at, email').all() as unknown as UserRow[]).map(toUser);
  }

  /** Oldest first (ties by e-mail), from just after `after`: a keyset page. */
  page(after: { createdAt: number; email: string } | undefined, limit: number): StoredUser[] {
    const rows = after
      ? this.db
          .prepare(
            'SELECT * FROM users WHERE created_at > ? OR (created_at = ? AND email > ?) ORDER BY created_at, email LIMIT ?',
          )
          .all(after.createdAt, after.createdAt, after.email, limit)
      : this.db.prepare('SELECT * FROM users ORDER BY created_at, email LIMIT ?').all(limit);
    return (rows as unknown as UserRow[]).map(toUser);
  }

  admins(): StoredUser[] {
    return this.list().filter((u) => u.isAdmin && u.isApproved);
  }

  /**
   * Create an account. The very first one is an approved admin (checked inside the same
   * transaction, so two simultaneous first registrations cannot both become admin).
   */
  create(input: { email: string; passwordHash: string; language: Language; admin?: boolean }): StoredUser {
    const at = this.now();
    return transaction(this.db, () => {
      if (this.byEmail(input.email)) throw RpcError.of('CONFLICT', engineMessage('accounts.emailTaken'));
      const count = (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
      const privileged = input.admin === true || count === 0;
      const id = randomUUID();
      this.db
        .prepare(
          'INSERT INTO users (id, email, password_hash, is_admin, is_approved, language, created_at, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          id,
          input.email,
          input.passwordHash,
          privileged ? 1 : 0,
          privileged ? 1 : 0,
          input.language,
          at,
          privileged ? at : null,
        );
      return this.byId(id) as StoredUser;
    });
  }

  setApproved(id: string, approved: boolean): StoredUser {
    const user = this.require(id);
    if (!approved) this.refuseLosingLastAdmin(user);
    const keptAt = user.isApproved && user.approvedAt !== null ? Date.parse(user.approvedAt) : this.now();
    this.db
      .prepare('UPDATE users SET is_approved = ?, approved_at = ? WHERE id = ?')
      .run(approved ? 1 : 0, approved ? keptAt : null, id);
    return this.require(id);
  }

  setAdmin(id: string, admin: boolean): StoredUser {
    const user = this.require(id);
    if (!admin) this.refuseLosingLastAdmin(user);
    // Granting admin also approves: an admin who cannot act would be a trap.
    if (admin && !user.isApproved) this.setApproved(id, true);
    this.db.prepare('UPDATE users SET is_admin = ? WHERE id = ?').run(admin ? 1 : 0, id);
    return this.require(id);
  }

  setLanguage(id: string, language: Language): StoredUser {
    this.require(id);
    this.db.prepare('UPDATE users SET language = ? WHERE id = ?').run(language, id);
    return this.require(id);
  }

  setPassword(id: string, passwordHash: string): void {
    this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, id);
  }

  require(id: string): StoredUser {
    const user = this.byId(id);
    if (!user) throw RpcError.of('NOT_FOUND', engineMessage('accounts.notFound', { userId: id.slice(0, 64) }));
    return user;
  }

  private refuseLosingLastAdmin(user: StoredUser): void {
    if (user.isAdmin && user.isApproved && this.admins().length <= 1) {
      throw RpcError.of('INVALID_STATE', engineMessage('accounts.lastAdmin'));
    }
  }
}
