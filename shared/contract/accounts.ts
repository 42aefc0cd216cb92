import { z } from 'zod';
import { event, method } from './define';
import { pageInput, pageOf } from './paging';

/**
 * One spelling per mailbox, so `Alice@Example.com ` and `alice@example.com` are the same account:
 * trimmed, lower-cased, Unicode NFC.
 */
export function normaliseEmail(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase();
}

export const Language = z.enum(['fr', 'en']);
export type Language = z.infer<typeof Language>;

export const Email = z
  .string()
  .max(254)
  .transform(normaliseEmail)
  .pipe(z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Not a valid e-mail address.'));

/** Long enough to resist guessing; capped so a huge input cannot make scrypt a denial of service. */
export const Password = z.string().min(10, 'Use at least 10 characters.').max(256, 'Use at most 256 characters.');

export const UserId = z.string().min(1).max(64);

export const User = z.object({
  id: UserId,
  email: z.string(),
  isAdmin: z.boolean(),
  isApproved: z.boolean(),
  language: Language,
  /** ISO 8601, UTC. */
  createdAt: z.string(),
  approvedAt: z.string().nullable(),
  /** The last call the account made (to the minute), ISO 8601 UTC; null before its first sign-in. */
  lastSeenAt: z.string().nullable(),
});
export type User = z.infer<typeof User>;

/** `single-owner`: the desktop engine, no login. `shared`: a team's agent. The one engine-mode type. */
export const EngineMode = z.enum(['single-owner', 'shared']);
export type EngineMode = z.infer<typeof EngineMode>;

export const AuthStatus = z.object({
  mode: EngineMode,
  authenticated: z.boolean(),
  /** The signed-in account; null when anonymous or in single-owner mode. */
  user: User.nullable(),
  isAdmin: z.boolean(),
  isApproved: z.boolean(),
});
export type AuthStatus = z.infer<typeof AuthStatus>;

export const Session = z.object({
  /** Returned once, at login; the engine keeps only its SHA-256. */
  token: z.string(),
  expiresAt: z.string(),
  user: User,
});
export type Session = z.infer<typeof Session>;

const NoInput = z.object({}).strict().optional();
const UserRef = z.object({ userId: UserId }).strict();

export const accountsMethods = {
  'auth.register': method({
    summary: 'Create an account. The first account is an approved admin; later ones wait for approval.',
    input: z.object({ email: Email, password: Password, language: Language.default('en') }).strict(),
    output: z.object({ user: User }),
  }),
  'auth.login': method({
    summary: 'Open a session (rate-limited). The token is returned once and bound to this connection.',
    input: z.object({ email: Email, password: z.string().max(256) }).strict(),
    output: Session,
  }),
  'auth.useSession': method({
    summary: 'Bind a session token obtained earlier to this connection (after a reconnect).',
    input: z.object({ token: z.string().min(1).max(200) }).strict(),
    output: AuthStatus,
  }),
  'auth.logout': method({
    summary: 'Revoke the session bound to this connection.',
    input: NoInput,
    output: z.object({}),
  }),
  'auth.status': method({
    summary: 'Who am I on this engine, and am I approved?',
    input: NoInput,
    output: AuthStatus,
  }),
  'auth.setLanguage': method({
    summary: 'Choose the language of your e-mails and notifications.',
    input: z.object({ language: Language }).strict(),
    output: User,
  }),
  'users.list': method({
    summary: 'A page of the accounts, oldest first (admins only); pass nextCursor for the next page.',
    input: z
      .object({ ...pageInput({ defaultLimit: 100, maxLimit: 500 }) })
      .strict()
      .optional(),
    output: pageOf(User),
  }),
  'users.approve': method({
    summary: 'Approve an account so it can create and run lives (admins only).',
    input: UserRef,
    output: User,
  }),
  'users.revoke': method({
    summary: 'Withdraw approval and close every session of the account (admins only).',
    input: UserRef,
    output: User,
  }),
  'users.setAdmin': method({
    summary: 'Grant or withdraw admin rights (admins only; the last admin cannot be demoted).',
    input: z.object({ userId: UserId, isAdmin: z.boolean() }).strict(),
    output: User,
  }),
};

export const accountsEvents = {
  'users.changed': event({
    summary: 'An account was registered, approved, revoked, or changed role or language.',
    payload: z.object({ userId: UserId, user: User }),
  }),
};
