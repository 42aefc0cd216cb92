import { describe, expect, expectTypeOf, it } from 'vitest';
import { contract, engineContract, hostContract, isHostNamespace, type EngineMethodName } from '@shared/contract';
import type { Caller } from '../context';
import { can, POLICY, ruleOf, type ResourceOwner, type Rule } from './policy';

/**
 * The access table, written out independently of policy.ts: every contract method must appear
 * here, so a new method fails this test until someone decides who may call it.
 */
type Category =
  'public' | 'signedIn' | 'approved' | 'admin' | 'live:view' | 'live:edit' | 'live:start' | 'live:stop' | 'run:view';
const EXPECTED: Record<string, Category> = {
  'system.info': 'approved',
  'system.currentLoad': 'approved',
  'system.ffmpegCapabilities': 'approved',
  'auth.register': 'public',
  'auth.login': 'public',
  'auth.useSession': 'public',
  'auth.status': 'public',
  'auth.logout': 'signedIn',
  'auth.setLanguage': 'signedIn',
  'users.list': 'admin',
  'users.approve': 'admin',
  'users.revoke': 'admin',
  'users.setAdmin': 'admin',
  'lives.list': 'approved',
  'lives.create': 'approved',
  'lives.get': 'live:view',
  'lives.update': 'live:edit',
  'lives.delete': 'live:edit',
  'lives.start': 'live:start',
  'lives.stop': 'live:stop',
  'lives.listRuns': 'live:view',
  'lives.previewUrl': 'live:view',
  'lives.getRun': 'run:view',
  'lives.duplicate': 'live:edit',
  'lives.setDestinationEnabled': 'live:edit',
  'lives.addDestination': 'live:edit',
  'lives.testDestination': 'approved',
  'lives.getSettings': 'approved',
  'lives.updateSettings': 'admin',
  'notifications.getSmtp': 'admin',
  'notifications.setSmtp': 'admin',
  'notifications.sendTestEmail': 'admin',
  'notifications.status': 'admin',
  'notifications.getPreferences': 'signedIn',
  'notifications.setPreferences': 'signedIn',
  'schedule.describe': 'approved',
  'schedule.upcoming': 'approved',
  'schedule.getSettings': 'approved',
  'schedule.updateSettings': 'admin',
  'iptv.listProviders': 'approved',
  'iptv.getProvider': 'approved',
  'iptv.addProvider': 'approved',
  'iptv.updateProvider': 'approved',
  'iptv.deleteProvider': 'approved',
  'iptv.refreshProvider': 'approved',
  'iptv.listCategories': 'approved',
  'iptv.listChannels': 'approved',
  'iptv.channelGuide': 'approved',
  'iptv.setFavourite': 'approved',
  'iptv.setCategoryHidden': 'approved',
  'outputs.list': 'approved',
  'outputs.create': 'approved',
  'outputs.update': 'approved',
  'outputs.delete': 'approved',
  'outputs.setDefault': 'admin',
  'outputs.listLinks': 'approved',
  'outputs.createLink': 'approved',
  'outputs.linkAddresses': 'approved',
  'outputs.revokeLink': 'approved',
  'outputs.getSharing': 'approved',
  'outputs.setSharing': 'admin',
  'outputs.rotateKey': 'admin',
  'chat.staffAccess': 'approved',
  'chat.setModerator': 'approved',
  'chat.moderationLog': 'approved',
  'chat.getSettings': 'approved',
  'chat.setSettings': 'admin',
  'iptv.startPreview': 'approved',
  'iptv.stopPreview': 'approved',
  'iptv.logoBase': 'approved',
  'library.list': 'approved',
  'library.get': 'approved',
  'library.import': 'approved',
  'library.importPath': 'approved',
  'library.uploadUrl': 'approved',
  'library.delete': 'approved',
  'library.refresh': 'approved',
  'library.optimize': 'approved',
  'library.listJobs': 'approved',
  'library.cancelJob': 'approved',
  'library.getSettings': 'approved',
  'library.encoders': 'approved',
  'library.updateSettings': 'admin',
};

type Persona = 'anonymous' | 'unapproved' | 'approved' | 'owner' | 'someoneElse' | 'admin';
type Outcome = 'allow' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';

const OWNER = 'user-owner';
const personas: Record<Persona, { caller: Caller | null; resource: ResourceOwner }> = {
  anonymous: { caller: null, resource: { id: 'L1', ownerId: OWNER } },
  // Unapproved even on a live they own (e.g. approval revoked): nothing but their status.
  unapproved: { caller: { userId: OWNER, isAdmin: false, isApproved: false }, resource: { id: 'L1', ownerId: OWNER } },
  // Approved, targeting a live that does not exist: let through so the handler says NOT_FOUND.
  approved: { caller: { userId: 'user-a', isAdmin: false, isApproved: true }, resource: { id: 'L9', ownerId: null } },
  owner: { caller: { userId: OWNER, isAdmin: false, isApproved: true }, resource: { id: 'L1', ownerId: OWNER } },
  someoneElse: { caller: { userId: 'user-b', isAdmin: false, isApproved: true }, resource: { id: 'L1', ownerId: OWNER } },
  admin: { caller: { userId: 'user-admin', isAdmin: true, isApproved: true }, resource: { id: 'L1', ownerId: OWNER } },
};

//                                  anonymous          unapproved   approved     owner    someoneElse  admin
const MATRIX: Record<Category, [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]> = {
  public: ['allow', 'allow', 'allow', 'allow', 'allow', 'allow'],
  signedIn: ['UNAUTHENTICATED', 'allow', 'allow', 'allow', 'allow', 'allow'],
  approved: ['UNAUTHENTICATED', 'FORBIDDEN', 'allow', 'allow', 'allow', 'allow'],
  admin: ['UNAUTHENTICATED', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'allow'],
  'live:view': ['UNAUTHENTICATED', 'FORBIDDEN', 'allow', 'allow', 'NOT_FOUND', 'allow'],
  'live:edit': ['UNAUTHENTICATED', 'FORBIDDEN', 'allow', 'allow', 'NOT_FOUND', 'FORBIDDEN'],
  'live:start': ['UNAUTHENTICATED', 'FORBIDDEN', 'allow', 'allow', 'NOT_FOUND', 'FORBIDDEN'],
  'live:stop': ['UNAUTHENTICATED', 'FORBIDDEN', 'allow', 'allow', 'NOT_FOUND', 'allow'],
  'run:view': ['UNAUTHENTICATED', 'FORBIDDEN', 'allow', 'allow', 'NOT_FOUND', 'allow'],
};
const ORDER: Persona[] = ['anonymous', 'unapproved', 'approved', 'owner', 'someoneElse', 'admin'];

const outcome = (method: string, persona: Persona): Outcome => {
  const { caller, resource } = personas[persona];
  const decision = can(caller, method, resource);
  return decision.allowed ? 'allow' : decision.code;
};

describe('policy table: every engine method × every kind of caller', () => {
  const methods = Object.keys(engineContract.methods).sort();

  it.each(methods)('%s is classified', (method) => {
    expect(EXPECTED[method], `classify ${method} in policy.ts and in this table`).toBeDefined();
    expect(ruleOf(method), `policy.ts has no rule for ${method}`).toBeDefined();
  });

  it('is typed over every engine method: a method without a rule does not compile', () => {
    // Checked by `npm run typecheck`: were POLICY a Record<string, Rule>, or missing a method,
    // one of these two lines would fail to compile.
    type WithANewMethod = EngineMethodName | 'lives.brandNew';
    // @ts-expect-error POLICY has no rule for 'lives.brandNew', so it is not a complete table for it
    const _incomplete: Readonly<Record<WithANewMethod, Rule>> = POLICY;
    expectTypeOf(POLICY).toEqualTypeOf<Readonly<Record<EngineMethodName, Rule>>>();
    expect(_incomplete).toBe(POLICY);
  });

  it('gives host methods no rule: every method is either an engine one with a rule or a host one', () => {
    for (const method of Object.keys(contract.methods)) {
      const host = Object.hasOwn(hostContract.methods, method);
      expect(host, method).toBe(isHostNamespace(method));
      expect(ruleOf(method) === undefined, method).toBe(host);
    }
    // Even an admin cannot reach one through the engine's policy.
    expect(can(personas.admin.caller, 'settings.update')).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
  });

  const cases = methods.flatMap((method) => ORDER.map((persona, i) => ({ method, persona, i })));
  it.each(cases)('$method as $persona', ({ method, persona, i }) => {
    const category = EXPECTED[method];
    if (!category) return; // reported by the classification test above
    expect(outcome(method, persona)).toBe(MATRIX[category][i]);
  });

  it('has no rule for a method the contract does not have', () => {
    expect(Object.keys(POLICY).filter((m) => !Object.hasOwn(engineContract.methods, m))).toEqual([]);
  });

  it('refuses a method without a rule, even to an admin', () => {
    const decision = can(personas.admin.caller, 'lives.selfDestruct');
    expect(decision).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
  });

  it('refuses an owner-only method to a non-admin when the owner cannot be resolved', () => {
    expect(can(personas.owner.caller, 'lives.start')).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
  });
});
