import type { EngineContract } from '@shared/contract';
import { LIVES_PAGE } from '@shared/contract/lives';
import { readAllPages } from '@shared/contract/paging';
import type { ChannelClient } from '@shared/rpc/channel-client';

/**
 * What the app last heard about the agent's lives, so a reconnect can tell it what it missed:
 * after the cut, `lives.list` is fetched and replayed as `live.updated` events, and a live the
 * app knew that is gone is replayed as `live.deleted`. A live that sent an event while the list
 * was in flight keeps that event: it is newer than the list, which is then not replayed for it.
 */
export class LivesMirror {
  /** liveId → ownerId of every live the app has heard of on this target. */
  readonly #known = new Map<string, string>();
  /** Lives that spoke during the resync in progress (null when none is). */
  #touched: Set<string> | null = null;

  observe(event: string, payload: unknown): void {
    if (event !== 'live.updated' && event !== 'live.deleted') return;
    const live = payload as { id?: string; liveId?: string; ownerId: string };
    const id = event === 'live.updated' ? live.id : live.liveId;
    if (typeof id !== 'string') return;
    this.#touched?.add(id);
    if (event === 'live.updated') this.#known.set(id, live.ownerId);
    else this.#known.delete(id);
  }

  /** Fetch the lives and replay what changed through `emit`; returns how many lives there are. */
  async resync(client: ChannelClient<EngineContract>, emit: (event: string, payload: unknown) => void): Promise<number> {
    const touched = new Set<string>();
    this.#touched = touched;
    try {
      const lives = await readAllPages((cursor) =>
        client.api.lives.list({ limit: LIVES_PAGE.maxLimit, ...(cursor ? { cursor } : {}) }),
      );
      const present = new Set(lives.map((live) => live.id));
      const gone = [...this.#known].filter(([id]) => !present.has(id) && !touched.has(id));
      for (const live of lives) if (!touched.has(live.id)) emit('live.updated', live);
      for (const [liveId, ownerId] of gone) emit('live.deleted', { liveId, ownerId });
      return lives.length;
    } finally {
      this.#touched = null;
    }
  }
}
