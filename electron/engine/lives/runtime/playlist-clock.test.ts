import { describe, expect, it } from 'vitest';
import { PlaylistClock } from './playlist-clock';

const files = [
  { name: 'a.mp4', durationSec: 10 },
  { name: 'b.mp4', durationSec: 10 },
];

describe('PlaylistClock', () => {
  it('says when the file playing changes, not at every progress line', () => {
    const clock = new PlaylistClock(files, { kind: 'once' });
    expect(clock.progress(1)).toBe(true);
    expect(clock.progress(5)).toBe(false);
    expect(clock.progress(11)).toBe(true);
    expect(clock.position()?.playing.name).toBe('b.mp4');
  });

  it('a direct restart resumes: its seconds add to the ones played before', () => {
    const clock = new PlaylistClock(files, { kind: 'once' });
    clock.progress(8);
    clock.sourceEnded(true);
    clock.progress(3);
    expect(clock.position()?.playing.name).toBe('b.mp4');
  });

  it('a hub source restart replays from its start: its seconds start again', () => {
    const clock = new PlaylistClock(files, { kind: 'once' });
    clock.progress(12);
    clock.sourceEnded(false);
    clock.progress(3);
    expect(clock.position()?.playing.name).toBe('a.mp4');
  });
});
