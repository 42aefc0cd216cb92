import { describe, expect, it } from 'vitest';
import { playlistPosition } from './playlist-position';

const files = [
  { name: 'intro.mp4', durationSec: 10 },
  { name: 'talk.mp4', durationSec: 20 },
  { name: 'outro.mp4', durationSec: 5 },
];
const at = (sec: number, loop: Parameters<typeof playlistPosition>[2] = { kind: 'once' }) => {
  const p = playlistPosition(files, sec, loop);
  return p ? [p.playing.name, p.next?.name ?? null] : null;
};

describe('playlistPosition', () => {
  it('names the file playing and the next one from the seconds played', () => {
    expect(at(0)).toEqual(['intro.mp4', 'talk.mp4']);
    expect(at(9.9)).toEqual(['intro.mp4', 'talk.mp4']);
    expect(at(10)).toEqual(['talk.mp4', 'outro.mp4']);
    expect(at(31)).toEqual(['outro.mp4', null]);
    expect(playlistPosition(files, 12, { kind: 'once' })).toEqual({
      count: 3,
      playing: { index: 1, name: 'talk.mp4' },
      next: { index: 2, name: 'outro.mp4' },
    });
  });

  it('stays on the last file past the end of the last play', () => {
    expect(at(80)).toEqual(['outro.mp4', null]);
    expect(at(200, { kind: 'times', count: 2 })).toEqual(['outro.mp4', null]);
  });

  it('wraps to the first file while plays are left', () => {
    expect(at(31, { kind: 'forever' })).toEqual(['outro.mp4', 'intro.mp4']);
    expect(at(36, { kind: 'forever' })).toEqual(['intro.mp4', 'talk.mp4']);
    expect(at(31, { kind: 'times', count: 2 })).toEqual(['outro.mp4', 'intro.mp4']);
    expect(at(66, { kind: 'times', count: 2 })).toEqual(['outro.mp4', null]);
  });

  it('gives no position when a duration is unknown', () => {
    expect(playlistPosition([{ name: 'a.mp4', durationSec: 0 }], 1, { kind: 'once' })).toBeNull();
    expect(playlistPosition([], 1, { kind: 'once' })).toBeNull();
  });
});
