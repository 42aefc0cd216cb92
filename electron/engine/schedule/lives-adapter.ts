import type { Live } from '@shared/contract/lives';
import type { Caller } from '../context';
import { toLiveView } from '../lives/live-store';
import type { LivesDomain } from '../lives/lives-module';
import type { LiveControl } from './ports';

/** A scheduled start acts for the live's owner, with the owner's rights and no more. */
function ownerOf(ownerId: string): Caller {
  return { userId: ownerId, isAdmin: false, isApproved: true };
}

/** The scheduler's view of the lives domain: its store, its start/stop, its run journal. */
export function liveControlOf(domain: () => LivesDomain): LiveControl {
  const view = (liveId: string): Live | null => {
    const record = domain().store.get(liveId);
    return record ? toLiveView(record) : null;
  };
  return {
    listScheduled: () =>
      domain()
        .store.list()
        .filter((record) => record.start.kind !== 'manual')
        .map(toLiveView),
    get: view,
    async startScheduled(liveId) {
      const live = view(liveId);
      if (live) await domain().control.start(ownerOf(live.ownerId), liveId);
    },
    async stopScheduled(liveId, reason) {
      const live = view(liveId);
      if (live) await domain().control.stop(ownerOf(live.ownerId), liveId, `Stopped by the schedule: ${reason}.`);
    },
    recordMissed(liveId, _dueAt, reason) {
      domain().journal.recordMissedStart(liveId, reason);
    },
  };
}
