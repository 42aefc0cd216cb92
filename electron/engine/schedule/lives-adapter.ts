import type { Caller } from '../context';
import type { LivesPort } from '../lives/lives-port';
import type { LiveControl } from './ports';

/** A scheduled start acts for the live's owner, with the owner's rights and no more. */
function ownerOf(ownerId: string): Caller {
  return { userId: ownerId, isAdmin: false, isApproved: true };
}

/** The scheduler's narrow view of the lives domain, over the lives port. */
export function liveControlOf(lives: () => LivesPort): LiveControl {
  return {
    listScheduled: () => lives().listScheduled(),
    get: (liveId) => lives().get(liveId),
    async startScheduled(liveId) {
      const live = lives().get(liveId);
      if (live) await lives().start(ownerOf(live.ownerId), liveId);
    },
    async stopScheduled(liveId, reason) {
      const live = lives().get(liveId);
      if (live) await lives().stop(ownerOf(live.ownerId), liveId, `Stopped by the schedule: ${reason}.`);
    },
    recordMissed(liveId, _dueAt, reason) {
      lives().recordMissedStart(liveId, reason);
    },
  };
}
