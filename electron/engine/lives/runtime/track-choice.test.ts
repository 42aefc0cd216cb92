import { describe, expect, it } from 'vitest';
import type { Live } from '@shared/contract/lives';
import type { ProbeResult } from '@shared/ffmpeg/probe-result';
import { chooseTracks, inPlayingOrder } from './track-choice';

const probe = (audio: (string | null)[], subtitles: [string, string | null][] = []): ProbeResult => ({
  formatName: 'matroska',
  durationSec: 10,
  bitRate: null,
  video: [],
  audio: audio.map((language, index) => ({ index, codec: 'aac', profile: null, channels: 2, sampleRate: 48000, language })),
  subtitles: subtitles.map(([codec, language], index) => ({ index, codec, language })),
});

describe('track choice', () => {
  it('finds the audio track by language whatever its form (fr, fre, fra) and an image subtitle track by its codec', () => {
    const choices = chooseTracks(
      { kind: 'file', path: '/a.mkv', audioLanguage: 'fr', burnInSubtitles: { language: 'eng' } },
      [
        probe(
          ['eng', 'fre'],
          [
            ['subrip', 'fra'],
            ['hdmv_pgs_subtitle', 'eng'],
          ],
        ),
      ],
      ['a.mkv'],
    );
    expect(choices).toEqual({ audioTrack: 1, burnIn: { position: 1, kind: 'image' }, burnInLanguage: 'eng' });
  });

  it('refuses a playlist whose files have the language at different places, naming the file', () => {
    expect(() =>
      chooseTracks(
        { kind: 'playlist', paths: ['/a.mkv', '/b.mkv'], audioLanguage: 'fra' },
        [probe(['eng', 'fra']), probe(['fra'])],
        ['a.mkv', 'b.mkv'],
      ),
    ).toThrow(/file 2, b\.mkv, has it as track 1, the first file as track 2/);
  });

  it('refuses a missing subtitle language with what the file has', () => {
    expect(() =>
      chooseTracks(
        { kind: 'file', path: '/a.mkv', burnInSubtitles: { language: 'deu' } },
        [probe(['eng'], [['ass', null]])],
        ['a.mkv'],
      ),
    ).toThrow('This file has no subtitle track in “deu” (it has: untagged).');
  });

  it('shuffles a playlist at each start only when asked, keeping every file once', () => {
    const paths = ['/1.mp4', '/2.mp4', '/3.mp4', '/4.mp4'];
    const live = { source: { kind: 'playlist', paths, shuffle: true } } as unknown as Live;
    const shuffled = inPlayingOrder(live, () => 0);
    expect(shuffled.source).toMatchObject({ paths: ['/2.mp4', '/3.mp4', '/4.mp4', '/1.mp4'] });
    const kept = { source: { kind: 'playlist', paths } } as unknown as Live;
    expect(inPlayingOrder(kept, () => 0)).toBe(kept);
  });
});
