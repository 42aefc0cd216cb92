import type { DatabaseSync } from 'node:sqlite';
import { RpcError } from '@shared/contract/errors';
import { engineMessage } from '@shared/messages/engine-message';

export interface LoginLimits {
  windowMs: number;
  /** Failures allowed per e-mail address within the window. */
  perEmail: number;
  /** Failures allowed per transport peer (a team behind one address gets more room). */
  perPeer: number;
  /** Registrations allowed per peer within the window (each costs a hash and mails the admins). */
  registrationsPerPeer: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { windowMs: 15 * 60_000, perEmail: 5, perPeer: 20, registrationsPerPeer: 10 };

/**
 * Failed logins counted per e-mail and per peer in a sliding window, stored in the database so a
 * restart does not reset them. Checked before the password is verified.
 */
export class LoginLimiter {
  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => number,
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  /** Throws UNAVAILABLE while either key is over its limit. */
  check(email: string, peer: string): void {
    const since = this.now() - this.limits.windowMs;
    this.db.prepare('DELETE FROM login_attempts WHERE at <= ?').run(since);
    const waits = [
      this.waitMs(`email:${email}`, this.limits.perEmail, since),
      this.waitMs(`peer:${peer}`, this.limits.perPeer, since),
    ];
    const wait = Math.max(...waits);
    if (wait > 0) throw tooMany(wait);
  }

  /** Counts a registration attempt from `peer`; throws UNAVAILABLE past the limit. */
  admitRegistration(peer: string): void {
    const since = this.now() - this.limits.windowMs;
    this.db.prepare('DELETE FROM login_attempts WHERE at <= ?').run(since);
    const wait = this.waitMs(`register:${peer}`, this.limits.registrationsPerPeer, since);
    if (wait > 0) throw tooMany(wait);
    this.db.prepare('INSERT INTO login_attempts (key, at) VALUES (?, ?)').run(`register:${peer}`, this.now());
  }

  recordFailure(email: string, peer: string): void {
    const at = this.now();
    const insert = this.db.prepare('INSERT INTO login_attempts (key, at) VALUES (?, ?)');
    insert.run(`email:${email}`, at);
    insert.run(`peer:${peer}`, at);
  }

  /** A successful login forgives that address's failures (not the peer's). */
  recordSuccess(email: string): void {
    this.db.prepare('DELETE FROM login_attempts WHERE key = ?').run(`email:${email}`);
  }

  private waitMs(key: string, limit: number, since: number): number {
    const rows = this.db
      .prepare('SELECT at FROM login_attempts WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?')
      .all(key, since, limit) as { at: number }[];
    if (rows.length < limit) return 0;
    // The window reopens when the oldest of the last `limit` failures leaves it.
    const oldest = rows[rows.length - 1]?.at ?? since;
    return oldest + this.limits.windowMs - this.now();
  }
}

function tooMany(waitMs: number): RpcError {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  return RpcError.of(
    'UNAVAILABLE',
    minutes === 1 ? engineMessage('accounts.tooManyAttemptsOneMinute') : engineMessage('accounts.tooManyAttempts', { minutes }),
  );
}
