import type { Live, LiveState } from '@shared/contract/lives';
import type { FeedCandidate } from './output-channel';

/** States in which a live's FFmpeg writes (or is about to write) its feeds. */
const FEEDING: readonly LiveState[] = ['starting', 'live', 'reconnecting'];

interface Feeding {
  readonly since: number;
  readonly title: string;
  readonly ownerId: string;
}

/**
 * Which lives feed which output now, from the lives domain's `live.updated` events: a live feeds
 * every output its enabled `public-output` destinations name while it is starting, live or
 * reconnecting. The one that started last is on air (output-channel.ts switches to it once it
 * has something to show).
 */
export class LiveFeeds {
  /** outputId → liveId → since when. */
  readonly #byOutput = new Map<string, Map<string, Feeding>>();

  constructor(private readonly now: () => number) {}

  /** A live as it is now (an event, or the list at start). Returns the outputs whose feeders changed. */
  update(live: Pick<Live, 'id' | 'title' | 'ownerId' | 'state' | 'destinations'>): string[] {
    const wanted = new Set(
      FEEDING.includes(live.state)
        ? live.destinations.flatMap((d) => (d.enabled && d.kind === 'public-output' && d.outputId ? [d.outputId] : []))
        : [],
    );
    const changed: string[] = [];
    for (const [outputId, lives] of this.#byOutput) {
      const had = lives.get(live.id);
      if (!had || wanted.has(outputId)) continue;
      lives.delete(live.id);
      changed.push(outputId);
    }
    for (const outputId of wanted) {
      const lives = this.#byOutput.get(outputId) ?? new Map<string, Feeding>();
      this.#byOutput.set(outputId, lives);
      const had = lives.get(live.id);
      lives.set(live.id, { since: had?.since ?? this.now(), title: live.title, ownerId: live.ownerId });
      if (!had) changed.push(outputId);
    }
    return changed;
  }

  remove(liveId: string): string[] {
    return this.update({ id: liveId, title: '', ownerId: '', state: 'ended', destinations: [] });
  }

  /** Newest first. */
  candidates(outputId: string): FeedCandidate[] {
    const lives = this.#byOutput.get(outputId);
    if (!lives) return [];
    return [...lives]
      .map(([liveId, f]) => ({ liveId, since: f.since }))
      .sort((a, b) => b.since - a.since || (a.liveId < b.liveId ? -1 : 1));
  }

  titleOf(outputId: string, liveId: string): string | null {
    return this.#byOutput.get(outputId)?.get(liveId)?.title ?? null;
  }

  forget(outputId: string): void {
    this.#byOutput.delete(outputId);
  }
}
