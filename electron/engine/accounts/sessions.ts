import { createHash, randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
/** Sliding expiry is pushed forward at most this often, so a busy client does not write on every call. */
const SLIDE_EVERY_MS = 3600 * 1000;
/** "Last seen" is kept to the minute: one write a minute at most for a busy client. */
export const LAST_SEEN_EVERY_MS = 60 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface SessionOwner {
  readonly userId: string;
  readonly isAdmin: boolean;
  readonly isApproved: boolean;
}

/**
 * Login sessions: 32 random bytes handed out once; only their SHA-256 is stored, so a copy of
 * the database does not let anyone sign in. Expiry slides with use; logout and revocation delete.
 */
export class SessionStore {
  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => number,
    private readonly ttlMs = SESSION_TTL_MS,
  ) {}

  open(userId: string): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const at = this.now();
    const expiresAt = at + this.ttlMs;
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(hashToken(token), userId, at, expiresAt);
    this.db.prepare('UPDATE users SET last_seen_at = ? WHERE id = ?').run(at, userId);
    return { token, expiresAt };
  }

  /** The account behind a token, or null if it is unknown, expired or revoked. */
  resolve(token: string): SessionOwner | null {
    const tokenHash = hashToken(token);
    const row = this.db
      .prepare(
        `SELECT s.expires_at AS expiresAt, u.id AS userId, u.is_admin AS isAdmin, u.is_approved AS isApproved,
                u.last_seen_at AS lastSeenAt
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
      )
      .get(tokenHash) as
      { expiresAt: number; userId: string; isAdmin: number; isApproved: number; lastSeenAt: number | null } | undefined;
    if (!row) return null;
    const at = this.now();
    if (row.expiresAt <= at) {
      this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
      return null;
    }
    if (at + this.ttlMs - row.expiresAt >= SLIDE_EVERY_MS) {
      this.db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').run(at + this.ttlMs, tokenHash);
    }
    if (row.lastSeenAt === null || at - row.lastSeenAt >= LAST_SEEN_EVERY_MS) {
      this.db.prepare('UPDATE users SET last_seen_at = ? WHERE id = ?').run(at, row.userId);
    }
    return { userId: row.userId, isAdmin: row.isAdmin === 1, isApproved: row.isApproved === 1 };
  }

  close(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
  }

  closeAllOf(userId: string): void {
    this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  countOf(userId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?').get(userId) as { n: number }).n;
  }
}

/**
 * The auth layer's view of sessions. An engine built without the accounts module has no
 * sessions table: every token is then unknown (logged once), never an internal error.
 */
export function sessionResolver(db: DatabaseSync, now: () => number, log: (message: string, error?: unknown) => void) {
  let store: SessionStore | null = null;
  let warned = false;
  return (token: string): SessionOwner | null => {
    try {
      store ??= new SessionStore(db, now);
      return store.resolve(token);
    } catch (error) {
      if (!warned) log('sessions are unavailable on this engine', error);
      warned = true;
      return null;
    }
  };
}
