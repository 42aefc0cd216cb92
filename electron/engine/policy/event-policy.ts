import type { EngineContract } from '@shared/contract';
import type { EventName } from '@shared/contract/define';

export type EngineEventName = EventName<EngineContract>;

/**
 * Who receives each engine event on a shared engine, in one place, beside the method table.
 * Approved admins receive every event; the audience says who else does:
 *
 * - `owner`: the approved owner of what the event is about (a live, an IPTV provider).
 *   `ownerFrom: 'payload'` reads the owner from the event itself (`ownerId`); `'liveId'` looks the
 *   live's owner up from the lives seen so far.
 * - `addressee`: the account the event names (`userId`, even before approval: news about one's
 *   own account), and the approved owner of the live it is about.
 * - `approved`: every approved account.
 * - `admins`: nobody else.
 *
 * Typed over every engine event, so a new event without a rule does not compile: it can neither
 * be withheld silently nor leak to other users of a shared agent. Single-owner engines (the
 * desktop) send every event to their one user.
 */
export type EventRule =
  | { readonly audience: 'admins' | 'approved' | 'addressee' }
  | { readonly audience: 'owner'; readonly ownerFrom: 'payload' | 'liveId' };

export const EVENT_POLICY: Readonly<Record<EngineEventName, EventRule>> = Object.freeze({
  // The machine's load: every approved member of the team judges a start by it.
  'system.load': { audience: 'approved' },
  // News about an account reaches that account (even waiting for approval) and the admins.
  'users.changed': { audience: 'addressee' },
  'live.updated': { audience: 'owner', ownerFrom: 'payload' },
  'live.deleted': { audience: 'owner', ownerFrom: 'payload' },
  'run.stats': { audience: 'owner', ownerFrom: 'liveId' },
  'run.log': { audience: 'owner', ownerFrom: 'liveId' },
  notification: { audience: 'addressee' },
  // The team's mail relay health: the admins configure it.
  'notifications.status': { audience: 'admins' },
  'iptv.providerUpdated': { audience: 'owner', ownerFrom: 'payload' },
  'iptv.providerDeleted': { audience: 'owner', ownerFrom: 'payload' },
  'library.itemUpdated': { audience: 'owner', ownerFrom: 'payload' },
  'library.itemDeleted': { audience: 'owner', ownerFrom: 'payload' },
  'library.jobUpdated': { audience: 'owner', ownerFrom: 'payload' },
  'library.importProgress': { audience: 'owner', ownerFrom: 'payload' },
  // Every approved account sees the outputs (a live of theirs may feed one); links are their owner's.
  'output.updated': { audience: 'approved' },
  'output.deleted': { audience: 'approved' },
  'output.linkUpdated': { audience: 'owner', ownerFrom: 'payload' },
  'outputs.sharing': { audience: 'approved' },
});

export function eventRuleOf(event: string): EventRule | undefined {
  return Object.hasOwn(EVENT_POLICY, event) ? EVENT_POLICY[event as EngineEventName] : undefined;
}
