import type { Caller } from '../context';

/**
 * Who may call what, in one place. Every contract method has exactly one rule; a method with no
 * rule is refused in shared mode (and fails the policy table test until it is classified).
 *
 * - `public`: anyone, signed in or not — how one gets a session, and who one is.
 * - `signedIn`: any session, approved or not.
 * - `approved`: approved accounts. Handlers of list methods scope results to the caller's own
 *   resources unless the caller is an admin (`seesEverything`).
 * - `owner`: an approved account acting on a resource it owns, or an admin.
 * - `admin`: approved admins only.
 */
export type OwnedResource = 'live' | 'run';
export type Rule =
  | { readonly access: 'public' | 'signedIn' | 'approved' | 'admin' }
  | { readonly access: 'owner'; readonly resource: OwnedResource };

const PUBLIC: Rule = { access: 'public' };
const SIGNED_IN: Rule = { access: 'signedIn' };
const APPROVED: Rule = { access: 'approved' };
const ADMIN: Rule = { access: 'admin' };
const OWN_LIVE: Rule = { access: 'owner', resource: 'live' };
const OWN_RUN: Rule = { access: 'owner', resource: 'run' };

export const POLICY: Readonly<Record<string, Rule>> = Object.freeze({
  // Needs approval: an agent's FFmpeg paths and versions are not for strangers.
  'system.info': APPROVED,

  'auth.register': PUBLIC,
  'auth.login': PUBLIC,
  // Presenting a token is a way of signing in, so it must be reachable without one.
  'auth.useSession': PUBLIC,
  'auth.status': PUBLIC,
  'auth.logout': SIGNED_IN,

  'users.list': ADMIN,
  'users.approve': ADMIN,
  'users.revoke': ADMIN,
  'users.setAdmin': ADMIN,

  'lives.list': APPROVED,
  'lives.create': APPROVED,
  'lives.get': OWN_LIVE,
  'lives.update': OWN_LIVE,
  'lives.delete': OWN_LIVE,
  'lives.start': OWN_LIVE,
  'lives.stop': OWN_LIVE,
  'lives.listRuns': OWN_LIVE,
  'lives.previewUrl': OWN_LIVE,
  'lives.getRun': OWN_RUN,

  // SMTP is the engine's, shared by the team: only admins configure and watch it.
  'notifications.getSmtp': ADMIN,
  'notifications.setSmtp': ADMIN,
  'notifications.sendTestEmail': ADMIN,
  'notifications.status': ADMIN,
});

export function ruleOf(method: string): Rule | undefined {
  return Object.hasOwn(POLICY, method) ? POLICY[method] : undefined;
}

/** The owner of the resource a call targets: a user id, or null when no such resource exists. */
export interface ResourceOwner {
  readonly ownerId: string | null;
}

export type Decision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN'; readonly message: string };

const ALLOW: Decision = Object.freeze({ allowed: true });
const deny = (code: 'UNAUTHENTICATED' | 'FORBIDDEN', message: string): Decision => ({ allowed: false, code, message });

/**
 * May `caller` (null: anonymous) call `method`? For `owner` rules, `resource` is the owner of the
 * targeted live or run; when it is unknown (no resolver) only admins pass. A resource that does not
 * exist (`ownerId: null`) is let through so the handler answers NOT_FOUND.
 */
export function can(caller: Caller | null, method: string, resource?: ResourceOwner): Decision {
  const rule = ruleOf(method);
  if (!rule) return deny('FORBIDDEN', `${method} is not open to anyone on a shared engine yet (no access rule).`);
  if (rule.access === 'public') return ALLOW;
  if (!caller) return deny('UNAUTHENTICATED', `Sign in to use ${method}.`);
  if (rule.access === 'signedIn') return ALLOW;
  if (!caller.isApproved) return deny('FORBIDDEN', 'Your account is waiting for an admin to approve it.');
  if (caller.isAdmin) return ALLOW;
  if (rule.access === 'approved') return ALLOW;
  if (rule.access !== 'owner') return deny('FORBIDDEN', `Only an admin can use ${method}.`);
  if (!resource) return deny('FORBIDDEN', `Cannot tell who owns this ${rule.resource}; only an admin can use ${method}.`);
  if (resource.ownerId === null || resource.ownerId === caller.userId) return ALLOW;
  return deny('FORBIDDEN', `This ${rule.resource} belongs to someone else.`);
}

/** Admins see every user's lives and runs; everyone else sees their own. */
export function seesEverything(caller: Caller): boolean {
  return caller.isAdmin && caller.isApproved;
}

/** The resource id a call targets, read from its (validated) input. */
export function resourceIdOf(resource: OwnedResource, input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const value = resource === 'live' ? (input as { liveId?: unknown }).liveId : (input as { runId?: unknown }).runId;
  return typeof value === 'string' ? value : undefined;
}
