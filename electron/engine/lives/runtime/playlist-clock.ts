import type { LoopPolicy } from '@shared/contract/live-fields';
import type { PlaylistPosition } from '@shared/contract/playlist-position';
import { playlistPosition, type PlaylistFile } from '@shared/lives/playlist-position';

/**
 * How far a playlist live has played, from its source FFmpeg's `out_time`: a direct pipeline's
 * restart resumes where the last process was (so the seconds add up), a hub's source restart
 * replays from where its arguments start (the beginning, or the hand-over's resume point), so
 * its seconds start again from the same base.
 */
export class PlaylistClock {
  #baseSec = 0;
  #currentSec = 0;
  #last: string | null = null;

  constructor(
    private readonly files: readonly PlaylistFile[],
    private readonly loop: LoopPolicy,
  ) {}

  /** The source's output clock; true when the file playing changed (worth a sample now). */
  progress(outTimeSec: number): boolean {
    this.#currentSec = Math.max(this.#currentSec, outTimeSec);
    const key = this.#key();
    if (key === this.#last) return false;
    this.#last = key;
    return true;
  }

  /** The source's FFmpeg exited; `resumes` when the next one reads on from where it was (direct mode). */
  sourceEnded(resumes: boolean): void {
    if (resumes) this.#baseSec += this.#currentSec;
    this.#currentSec = 0;
  }

  position(): PlaylistPosition | null {
    return playlistPosition(this.files, this.#baseSec + this.#currentSec, this.loop);
  }

  #key(): string | null {
    const p = this.position();
    return p ? `${p.playing.index}/${p.next?.index ?? '-'}` : null;
  }
}
