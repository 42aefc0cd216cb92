import { describe, expect, expectTypeOf, it } from 'vitest';
import { engineContract, hostContract } from '@shared/contract';
import type { CallContext, Caller } from '../context';
import { createEventFilter } from './event-filter';
import { EVENT_POLICY, eventRuleOf, type EngineEventName, type EventRule } from './event-policy';

/**
 * The event table, written out independently of event-policy.ts: every engine event must appear
 * here, so a new event fails this test until someone decides who receives it.
 */
type Audience = 'owner' | 'addressee' | 'approved' | 'admins';
const EXPECTED: Record<string, Audience> = {
  'system.load': 'approved',
  'users.changed': 'addressee',
  'live.updated': 'owner',
  'live.deleted': 'owner',
  'run.stats': 'owner',
  'run.log': 'owner',
  notification: 'addressee',
  'notifications.status': 'admins',
  'iptv.providerUpdated': 'owner',
  'iptv.providerDeleted': 'owner',
  'library.itemUpdated': 'owner',
  'library.itemDeleted': 'owner',
  'library.jobUpdated': 'owner',
  'library.importProgress': 'owner',
  'output.updated': 'approved',
  'output.deleted': 'approved',
  'output.linkUpdated': 'owner',
  'outputs.sharing': 'approved',
};

const OWNER = 'user-owner';
const LIVE = 'L1';
/** One event of each kind about OWNER's live (or naming OWNER). A new event needs one here to compile. */
const SAMPLE: Record<EngineEventName, object> = {
  'system.load': { at: '2026-03-01T12:00:00.000Z', cpuPercent: 12 },
  'users.changed': { userId: OWNER, user: { id: OWNER, email: 'owner@example.com' } },
  'live.updated': { id: LIVE, ownerId: OWNER, title: 'Morning show' },
  'live.deleted': { liveId: LIVE, ownerId: OWNER },
  'run.stats': { liveId: LIVE, runId: 'R1', stats: {} },
  'run.log': { liveId: LIVE, runId: 'R1', lines: ['frame=1'] },
  notification: { kind: 'live.failed', liveId: LIVE, userId: OWNER, title: 'Failed', body: 'x' },
  'notifications.status': { state: 'ok' },
  'iptv.providerUpdated': { id: 'P1', ownerId: OWNER, name: 'My provider' },
  'iptv.providerDeleted': { providerId: 'P1', ownerId: OWNER },
  'library.itemUpdated': { id: 'I1', ownerId: OWNER, name: 'show.mp4' },
  'library.itemDeleted': { itemId: 'I1', ownerId: OWNER },
  'library.jobUpdated': { id: 'J1', itemId: 'I1', ownerId: OWNER, state: 'running' },
  'library.importProgress': { importId: 'M1', ownerId: OWNER, state: 'running' },
  'output.updated': { id: 'O1', ownerId: OWNER, slug: 'salon' },
  'output.deleted': { outputId: 'O1', ownerId: OWNER },
  'output.linkUpdated': { ownerId: OWNER, link: { id: 'K1', outputId: 'O1' } },
  'outputs.sharing': { enabled: false },
};

type Persona = 'anonymous' | 'unapprovedOwner' | 'owner' | 'someoneElse' | 'admin';
const CALLERS: Record<Exclude<Persona, 'anonymous'>, Caller> = {
  // The live's owner whose approval was revoked: only news about their own account.
  unapprovedOwner: { userId: OWNER, isAdmin: false, isApproved: false },
  owner: { userId: OWNER, isAdmin: false, isApproved: true },
  someoneElse: { userId: 'user-b', isAdmin: false, isApproved: true },
  admin: { userId: 'user-admin', isAdmin: true, isApproved: true },
};
const ORDER: Persona[] = ['anonymous', 'unapprovedOwner', 'owner', 'someoneElse', 'admin'];
//                                   anonymous unapprovedOwner owner  someoneElse admin
const MATRIX: Record<Audience, [boolean, boolean, boolean, boolean, boolean]> = {
  owner: [false, false, true, false, true],
  addressee: [false, true, true, false, true],
  approved: [false, false, true, true, true],
  admins: [false, false, false, false, true],
};

function sharedFilter(log: string[] = []) {
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const filter = createEventFilter({
    mode: 'shared',
    resolveSession: (token) => (Object.hasOwn(CALLERS, token) ? CALLERS[token as keyof typeof CALLERS] : null),
    events: {
      subscribe(l) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
    log: (m) => log.push(m),
  });
  // What the engine emits when the live is created: the filter learns who owns it.
  for (const l of listeners) l('live.updated', SAMPLE['live.updated']);
  const ctx = (persona: Persona): CallContext =>
    persona === 'anonymous' ? { transport: 'stream' } : { transport: 'stream', sessionToken: persona };
  return { filter, ctx };
}

describe('event table: every engine event × every kind of caller on a shared engine', () => {
  const events = Object.keys(engineContract.events).sort();

  it.each(events)('%s is classified', (event) => {
    expect(EXPECTED[event], `classify ${event} in event-policy.ts and in this table`).toBeDefined();
    expect(eventRuleOf(event), `event-policy.ts has no rule for ${event}`).toBeDefined();
    expect(Object.hasOwn(SAMPLE, event), `add a sample ${event} to this test`).toBe(true);
  });

  it('has a rule for no event the engine contract does not have (host events are the host’s)', () => {
    expect(Object.keys(EVENT_POLICY).filter((e) => !Object.hasOwn(engineContract.events, e))).toEqual([]);
    for (const event of Object.keys(hostContract.events)) expect(eventRuleOf(event), event).toBeUndefined();
  });

  it('is typed over every engine event: an event without a rule does not compile', () => {
    type WithANewEvent = EngineEventName | 'live.brandNew';
    // @ts-expect-error EVENT_POLICY has no rule for 'live.brandNew'
    const _incomplete: Readonly<Record<WithANewEvent, EventRule>> = EVENT_POLICY;
    expectTypeOf(EVENT_POLICY).toEqualTypeOf<Readonly<Record<EngineEventName, EventRule>>>();
    expect(_incomplete).toBe(EVENT_POLICY);
  });

  const { filter, ctx } = sharedFilter();
  const cases = events.flatMap((event) => ORDER.map((persona, i) => ({ event, persona, i })));
  it.each(cases)('$event to $persona', ({ event, persona, i }) => {
    const audience = EXPECTED[event];
    if (!audience) return; // reported by the classification test above
    const payload = SAMPLE[event as EngineEventName];
    expect(filter(event, payload, ctx(persona))).toBe(MATRIX[audience][i]);
  });

  it('gives a notification about someone else’s account to nobody but them and the admins', () => {
    const { filter: f, ctx: c } = sharedFilter();
    const aboutB = { kind: 'user.approved', userId: 'user-b', title: 'Approved', body: 'x' };
    expect(ORDER.map((p) => f('notification', aboutB, c(p)))).toEqual([false, false, false, true, true]);
  });

  it('withholds an event it has no rule for, and says so once', () => {
    const log: string[] = [];
    const { filter: f, ctx: c } = sharedFilter(log);
    expect(f('live.brandNew', { ownerId: OWNER }, c('admin'))).toBe(false);
    expect(f('live.brandNew', { ownerId: OWNER }, c('owner'))).toBe(false);
    expect(log).toEqual(['event "live.brandNew" has no rule in EVENT_POLICY: withheld']);
  });

  it('sends everything to the one user of a single-owner engine', () => {
    const f = createEventFilter({
      mode: 'single-owner',
      resolveSession: () => null,
      events: { subscribe: () => () => undefined },
    });
    for (const event of events) expect(f(event, SAMPLE[event as EngineEventName], { transport: 'ipc' })).toBe(true);
  });
});
