import type { EngineMethodName } from '@shared/contract';
import type { Caller } from '../context';
import { mayActOnLive, ownerOnly, type LiveAction } from '../lives/live-access';
import { engineMessage, englishOf, type EngineMessage } from '@shared/messages/engine-message';

/**
 * Who may call what, in one place. Every engine method has exactly one rule: the table is typed
 * over the engine contract's method names, so a new method without a rule does not compile.
 * Host methods (`shell.*`, `settings.*`, `targets.*`) have none: an engine's router refuses them
 * before this table is asked (see `refuseHostMethods`), since only the app's host answers them.
 *
 * - `public`: anyone, signed in or not — how one gets a session, and who one is.
 * - `signedIn`: any session, approved or not.
 * - `approved`: approved accounts. Handlers of list methods scope results to the caller's own
 *   resources unless the caller is an admin (`seesEverything`).
 * - `owner`: an approved account acting on a live (or a run of a live) it owns. Admins may view
 *   and stop anyone's live but not edit, start or delete it (the lives domain's `mayActOnLive`).
 *   Someone else's live is answered NOT_FOUND, so its existence does not leak.
 * - `admin`: approved admins only.
 */
export type OwnedResource = 'live' | 'run';
export type Rule =
  | { readonly access: 'public' | 'signedIn' | 'approved' | 'admin' }
  | { readonly access: 'owner'; readonly resource: OwnedResource; readonly action: LiveAction };

const PUBLIC: Rule = { access: 'public' };
const SIGNED_IN: Rule = { access: 'signedIn' };
const APPROVED: Rule = { access: 'approved' };
const ADMIN: Rule = { access: 'admin' };
const live = (action: LiveAction): Rule => ({ access: 'owner', resource: 'live', action });
const RUN_VIEW: Rule = { access: 'owner', resource: 'run', action: 'view' };

export const POLICY: Readonly<Record<EngineMethodName, Rule>> = Object.freeze({
  // Needs approval: an agent's FFmpeg paths and versions are not for strangers.
  'system.info': APPROVED,
  // The machine's load and FFmpeg's encoders: what a team member needs to judge a start.
  'system.currentLoad': APPROVED,
  'system.ffmpegCapabilities': APPROVED,

  'auth.register': PUBLIC,
  'auth.login': PUBLIC,
  // Presenting a token is a way of signing in, so it must be reachable without one.
  'auth.useSession': PUBLIC,
  'auth.status': PUBLIC,
  'auth.logout': SIGNED_IN,
  'auth.setLanguage': SIGNED_IN,

  'users.list': ADMIN,
  'users.approve': ADMIN,
  'users.revoke': ADMIN,
  'users.setAdmin': ADMIN,

  'lives.list': APPROVED,
  'lives.create': APPROVED,
  'lives.get': live('view'),
  'lives.update': live('edit'),
  'lives.delete': live('edit'),
  'lives.start': live('start'),
  'lives.stop': live('stop'),
  'lives.listRuns': live('view'),
  'lives.previewUrl': live('view'),
  'lives.getRun': RUN_VIEW,
  // A copy carries the stream keys: only their owner makes one.
  'lives.duplicate': live('edit'),
  'lives.setDestinationEnabled': live('edit'),
  'lives.addDestination': live('edit'),
  // Any approved account may test a destination it types; the handler checks that a stored
  // destination (whose key it would use) is the caller's own.
  'lives.testDestination': APPROVED,
  'lives.getSettings': APPROVED,
  'lives.updateSettings': ADMIN,

  // SMTP is the engine's, shared by the team: only admins configure and watch it.
  'notifications.getSmtp': ADMIN,
  'notifications.setSmtp': ADMIN,
  'notifications.sendTestEmail': ADMIN,
  'notifications.status': ADMIN,
  // One's own choices, even while waiting for approval (to be mailed when it comes).
  'notifications.getPreferences': SIGNED_IN,
  'notifications.setPreferences': SIGNED_IN,

  // Describing a cron reveals nothing; the upcoming list is scoped to the caller's lives by its handler.
  'schedule.describe': APPROVED,
  'schedule.upcoming': APPROVED,
  'schedule.getSettings': APPROVED,
  // Engine-wide: on a shared agent it decides for everyone's lives.
  'schedule.updateSettings': ADMIN,

  // IPTV providers belong to their owner: each handler answers NOT_FOUND for someone else's
  // provider (admins see and manage every provider on a shared agent). File sources are for
  // admins only, checked by the handler (a file path reads the agent's own disk).
  'iptv.listProviders': APPROVED,
  'iptv.getProvider': APPROVED,
  'iptv.addProvider': APPROVED,
  'iptv.updateProvider': APPROVED,
  'iptv.deleteProvider': APPROVED,
  'iptv.refreshProvider': APPROVED,
  'iptv.listCategories': APPROVED,
  'iptv.listChannels': APPROVED,
  'iptv.channelGuide': APPROVED,
  'iptv.setFavourite': APPROVED,
  'iptv.setCategoryHidden': APPROVED,

  // Outputs are the team's public channels: every approved account sees them and may make its
  // own. Changing one, or its links, is for its owner or an admin (checked by each handler, like
  // IPTV providers). Where the listener answers and the signing key are the engine's: admins.
  'outputs.list': APPROVED,
  'outputs.create': APPROVED,
  'outputs.update': APPROVED,
  'outputs.delete': APPROVED,
  'outputs.setDefault': ADMIN,
  'outputs.listLinks': APPROVED,
  'outputs.createLink': APPROVED,
  'outputs.linkAddresses': APPROVED,
  'outputs.revokeLink': APPROVED,
  'outputs.getSharing': APPROVED,
  'outputs.setSharing': ADMIN,
  'outputs.rotateKey': ADMIN,

  // The chat of an output: its owner, admins and the moderators they name (checked by each
  // handler). How long messages are kept is the engine's: admins.
  'chat.staffAccess': APPROVED,
  'chat.setModerator': APPROVED,
  'chat.moderationLog': APPROVED,
  'chat.getSettings': APPROVED,
  'chat.setSettings': ADMIN,
  'iptv.startPreview': APPROVED,
  'iptv.stopPreview': APPROVED,
  'iptv.logoBase': APPROVED,

  // Library items and jobs belong to their owner: each handler scopes lists to the caller and
  // answers NOT_FOUND for someone else's item or job (admins see and manage everyone's). On a
  // shared agent imports are confined to the caller's own library folder by the handler.
  'library.list': APPROVED,
  'library.get': APPROVED,
  'library.import': APPROVED,
  'library.importPath': APPROVED,
  'library.uploadUrl': APPROVED,
  'library.delete': APPROVED,
  'library.refresh': APPROVED,
  'library.optimize': APPROVED,
  'library.listJobs': APPROVED,
  'library.cancelJob': APPROVED,
  'library.getSettings': APPROVED,
  // Which hardware encoders work reveals nothing personal; trying them costs a few seconds once.
  'library.encoders': APPROVED,
  // Engine-wide: where every user's files go.
  'library.updateSettings': ADMIN,
});

export function ruleOf(method: string): Rule | undefined {
  return Object.hasOwn(POLICY, method) ? POLICY[method as EngineMethodName] : undefined;
}

/** The resource a call targets and its owner's user id (null when no such resource exists). */
export interface ResourceOwner {
  readonly id: string;
  readonly ownerId: string | null;
}

type DenyCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';
export type Decision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly code: DenyCode; readonly message: string; readonly text?: EngineMessage };

const ALLOW: Decision = Object.freeze({ allowed: true });
const deny = (code: DenyCode, text: EngineMessage): Decision => ({ allowed: false, code, message: englishOf(text), text });
/** Refusals that only a bug can cause (a method without a rule): English is enough. */
const denyBug = (message: string): Decision => ({ allowed: false, code: 'FORBIDDEN', message });

/**
 * May `caller` (null: anonymous) call `method`? For `owner` rules, `resource` is the owner of the
 * targeted live or run; when it is unknown (no resolver) only admins pass. A resource that does not
 * exist (`ownerId: null`) is let through so the handler answers NOT_FOUND.
 */
export function can(caller: Caller | null, method: string, resource?: ResourceOwner): Decision {
  const rule = ruleOf(method);
  if (!rule) return denyBug(`${method} is not open to anyone on a shared engine yet (no access rule).`);
  if (rule.access === 'public') return ALLOW;
  if (!caller) return deny('UNAUTHENTICATED', engineMessage('access.signInFirst', { method }));
  if (rule.access === 'signedIn') return ALLOW;
  if (!caller.isApproved) return deny('FORBIDDEN', engineMessage('access.awaitingApproval'));
  if (rule.access === 'approved') return ALLOW;
  if (rule.access === 'admin') return caller.isAdmin ? ALLOW : deny('FORBIDDEN', engineMessage('access.adminOnly', { method }));
  if (rule.access !== 'owner') return denyBug(`${method} has an unknown access rule.`);
  if (!resource) return denyBug(`Cannot tell who owns this ${rule.resource}, so ${method} is refused.`);
  if (resource.ownerId === null) return ALLOW;
  const owned = { ownerId: resource.ownerId };
  if (mayActOnLive(caller, owned, rule.action)) return ALLOW;
  if (!mayActOnLive(caller, owned, 'view')) {
    const id = resource.id.slice(0, 64);
    return deny(
      'NOT_FOUND',
      rule.resource === 'live'
        ? engineMessage('lives.notFound', { liveId: id })
        : engineMessage('lives.runNotFound', { runId: id }),
    );
  }
  return deny('FORBIDDEN', ownerOnly(rule.action));
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
