import type { LoopPolicy } from '../contract/live-fields';
import type { PlaylistPosition } from '../contract/playlist-position';

export interface PlaylistFile {
  readonly name: string;
  readonly durationSec: number;
}

/**
 * The file playing after `playedSec` seconds of a playlist (in play order, each file's probed
 * duration) and the next one: the position wraps to the first file while plays are left
 * (`loop`), and stays on the last file once every play is done. Null when a duration is unknown:
 * no position is better than a wrong one.
 */
export function playlistPosition(files: readonly PlaylistFile[], playedSec: number, loop: LoopPolicy): PlaylistPosition | null {
  if (files.length === 0 || files.some((f) => !(f.durationSec > 0))) return null;
  const total = files.reduce((sum, f) => sum + f.durationSec, 0);
  const plays = loop.kind === 'once' ? 1 : loop.kind === 'times' ? loop.count : Infinity;
  const played = Math.max(0, playedSec);
  const play = Math.min(Math.floor(played / total), plays - 1);
  // Past the end of the last play: the last file (FFmpeg's clock may run a little past the durations).
  let within = Math.min(played - play * total, total);
  let index = 0;
  for (; index < files.length - 1; index++) {
    const duration = (files[index] as PlaylistFile).durationSec;
    if (within < duration) break;
    within -= duration;
  }
  const last = index === files.length - 1;
  const nextIndex = !last ? index + 1 : play < plays - 1 ? 0 : null;
  return {
    count: files.length,
    playing: { index, name: (files[index] as PlaylistFile).name },
    next: nextIndex === null ? null : { index: nextIndex, name: (files[nextIndex] as PlaylistFile).name },
  };
}
