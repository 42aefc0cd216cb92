/**
 * The published side of a public output: a rolling window of numbered segments that players see
 * as ONE live stream, whatever feeds it. Media sequence numbers only grow, every change of what
 * plays (another live, the slate, a restarted writer) is marked `#EXT-X-DISCONTINUITY` and
 * counted in `#EXT-X-DISCONTINUITY-SEQUENCE` once it leaves the window, and every segment carries
 * its wall-clock time (`#EXT-X-PROGRAM-DATE-TIME`) — so players keep going across switches.
 * Pure: the output channel (output-channel.ts) moves the files.
 */

export type SegmentOrigin = 'live' | 'slate';

export interface TimelineSegment {
  readonly seq: number;
  readonly durationSec: number;
  /** The first segment after a change of what plays. */
  readonly discontinuity: boolean;
  /** Wall-clock time of its first frame, ms since the epoch. */
  readonly startedAt: number;
  readonly origin: SegmentOrigin;
}

/** What survives an engine restart (output-channel.ts keeps it on disk), so numbers never go back. */
export interface TimelineState {
  readonly nextSeq: number;
  /** Discontinuities that left the window (`#EXT-X-DISCONTINUITY-SEQUENCE`). */
  readonly discontinuitySeq: number;
  /** Never lowered: players size their buffers by it. */
  readonly targetDuration: number;
  readonly segments: readonly TimelineSegment[];
}

export const EMPTY_TIMELINE: TimelineState = Object.freeze({ nextSeq: 0, discontinuitySeq: 0, targetDuration: 2, segments: [] });

/** Segments listed at once: ~8 s of 1-second segments, enough for a player three segments behind. */
export const WINDOW_SEGMENTS = 8;

export class Timeline {
  #nextSeq: number;
  #discontinuitySeq: number;
  #targetDuration: number;
  #segments: TimelineSegment[];

  constructor(
    state: TimelineState = EMPTY_TIMELINE,
    private readonly windowSize = WINDOW_SEGMENTS,
  ) {
    this.#nextSeq = state.nextSeq;
    this.#discontinuitySeq = state.discontinuitySeq;
    this.#targetDuration = state.targetDuration;
    this.#segments = [...state.segments];
  }

  get segments(): readonly TimelineSegment[] {
    return this.#segments;
  }

  /** The number the next segment will get. */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  get last(): TimelineSegment | undefined {
    return this.#segments.at(-1);
  }

  /** When what is listed runs out if played from its first frame in real time (ms). */
  get endsAt(): number | null {
    const last = this.last;
    return last ? last.startedAt + last.durationSec * 1000 : null;
  }

  /**
   * Add a segment that was finished at `observedAt`. Its first frame follows the previous one's
   * last, unless it starts something new (`discontinuity`): then it began `durationSec` ago.
   * Returns it, and the segments that fell out of the window.
   */
  append(
    segment: { durationSec: number; discontinuity: boolean; origin: SegmentOrigin },
    observedAt: number,
  ): { added: TimelineSegment; dropped: TimelineSegment[] } {
    const previousEnd = this.endsAt;
    const fresh = observedAt - segment.durationSec * 1000;
    const startedAt = previousEnd === null ? fresh : segment.discontinuity ? Math.max(previousEnd, fresh) : previousEnd;
    const added: TimelineSegment = {
      seq: this.#nextSeq,
      durationSec: segment.durationSec,
      // The very first segment starts the stream: nothing to be discontinuous with.
      discontinuity: segment.discontinuity && previousEnd !== null,
      startedAt,
      origin: segment.origin,
    };
    this.#nextSeq += 1;
    this.#targetDuration = Math.max(this.#targetDuration, Math.round(segment.durationSec));
    this.#segments.push(added);
    const dropped = this.#segments.splice(0, Math.max(0, this.#segments.length - this.windowSize));
    this.#discontinuitySeq += dropped.filter((s) => s.discontinuity).length;
    return { added, dropped };
  }

  /** Whether `seq` is listed now. */
  has(seq: number): boolean {
    const first = this.#segments[0];
    return first !== undefined && seq >= first.seq && seq <= (this.last?.seq ?? -1);
  }

  snapshot(): TimelineState {
    return {
      nextSeq: this.#nextSeq,
      discontinuitySeq: this.#discontinuitySeq,
      targetDuration: this.#targetDuration,
      segments: [...this.#segments],
    };
  }

  /** The media playlist, each segment's address given by `uriOf` (relative, with a token if any). */
  render(uriOf: (seq: number) => string): string {
    const first = this.#segments[0];
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      `#EXT-X-TARGETDURATION:${this.#targetDuration}`,
      `#EXT-X-MEDIA-SEQUENCE:${first?.seq ?? this.#nextSeq}`,
      `#EXT-X-DISCONTINUITY-SEQUENCE:${this.#discontinuitySeq}`,
      '#EXT-X-INDEPENDENT-SEGMENTS',
    ];
    for (const segment of this.#segments) {
      if (segment.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(segment.startedAt).toISOString()}`);
      lines.push(`#EXTINF:${segment.durationSec.toFixed(3)},`);
      lines.push(uriOf(segment.seq));
    }
    return `${lines.join('\n')}\n`;
  }
}
