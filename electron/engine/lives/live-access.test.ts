import { describe, expect, it } from 'vitest';
import type { Caller } from '../context';
import { mayActOnLive, type LiveAction } from './live-access';

const owner: Caller = { userId: 'alice', isAdmin: false, isApproved: true };
const other: Caller = { userId: 'bob', isAdmin: false, isApproved: true };
const admin: Caller = { userId: 'root', isAdmin: true, isApproved: true };
const pendingOwner: Caller = { userId: 'alice', isAdmin: false, isApproved: false };
const live = { ownerId: 'alice' };

/** Who may do what with alice's live: v=view s=start t=stop e=edit. */
const TABLE: [string, Caller, string][] = [
  ['owner', owner, 'v s t e'],
  ['someone else', other, ''],
  ['admin', admin, 'v t'],
  ['owner not approved', pendingOwner, ''],
];
const CODE: Record<LiveAction, string> = { view: 'v', start: 's', stop: 't', edit: 'e' };

describe('mayActOnLive', () => {
  it.each(TABLE)('%s', (_name, caller, allowed) => {
    for (const action of ['view', 'start', 'stop', 'edit'] as const) {
      expect(mayActOnLive(caller, live, action), action).toBe(allowed.split(' ').includes(CODE[action]));
    }
  });
});
