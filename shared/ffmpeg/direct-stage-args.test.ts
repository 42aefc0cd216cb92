import { describe, expect, it } from 'vitest';
import { planEncoding } from './encoding';
import { hlsMuxerArgs, rtmpMuxerArgs } from './output-args';
import type { ProbeResult } from './probe-result';
import { buildResumedConcatList, SourceArgsError, testPatternProbe } from './source-args';
import {
  buildDirectStageArgs,
  buildResumedPlaysList,
  playsLeft,
  RESUME_LIST,
  resumePoint,
  wholePlaysPerResume,
} from './stage-args';

const H264_AAC: ProbeResult = {
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSec: 60,
  bitRate: 3_000_000,
  video: [{ index: 0, codec: 'h264', profile: 'High', pixelFormat: 'yuv420p', width: 1280, height: 720, fps: 30 }],
  audio: [{ index: 1, codec: 'aac', profile: 'LC', channels: 2, sampleRate: 48000 }],
};
const COPY = planEncoding({ mode: 'auto' }, H264_AAC);
const URL = 'rtmp://live.twitch.tv/app/abcd-efgh';
const FLV = ['-f', 'flv', '-flvflags', 'no_duration_filesize', URL];
const QUEUE = ['-max_muxing_queue_size', '1024'];

// prettier-ignore
describe('muxer tails', () => {
  it('rtmpMuxerArgs is the FLV tail of the hub output stage', () => {
    expect(rtmpMuxerArgs(URL)).toEqual(FLV);
  });
  it('hlsMuxerArgs is the HLS tail of the hub output stage', () => {
    expect(hlsMuxerArgs({ dir: '/data/hls/live-42/', liveId: 'live-42' })).toEqual([
      '-f', 'hls', '-hls_time', '2', '-hls_list_size', '6',
      '-hls_flags', 'delete_segments+independent_segments+temp_file',
      '-hls_start_number_source', 'epoch',
      '-hls_segment_filename', '/data/hls/live-42/live-42-%d.ts',
      '/data/hls/live-42/index.m3u8',
    ]);
  });
});

// prettier-ignore
describe('buildDirectStageArgs: one FFmpeg from the source straight to its only output', () => {
  it('file played forever, copied, to RTMP', () => {
    expect(buildDirectStageArgs({ kind: 'file', path: '/v/show.mp4', loop: { kind: 'forever' } }, COPY, rtmpMuxerArgs(URL))).toEqual([
      '-re', '-stream_loop', '-1', '-protocol_whitelist', 'file', '-i', '/v/show.mp4', '-map', '0:v:0?', '-map', '0:a:0?', '-c:v', 'copy', '-c:a', 'copy', ...QUEUE, ...FLV,
    ]);
  });

  it('file resumed at 12.3456 s: input -ss right before -i, rounded to the millisecond', () => {
    expect(buildDirectStageArgs({ kind: 'file', path: '/v/show.mp4', loop: { kind: 'forever' } }, COPY, rtmpMuxerArgs(URL), { startAtSec: 12.3456 })).toEqual([
      '-re', '-stream_loop', '-1', '-protocol_whitelist', 'file', '-ss', '12.346', '-i', '/v/show.mp4', '-map', '0:v:0?', '-map', '0:a:0?', '-c:v', 'copy', '-c:a', 'copy', ...QUEUE, ...FLV,
    ]);
  });

  it('a playlist gets no -ss (it lands seconds early on a concat list): it resumes through its list', () => {
    const args = buildDirectStageArgs(
      { kind: 'playlist', listPath: '/d/l.resume.ffconcat', loop: { kind: 'once' } },
      COPY,
      hlsMuxerArgs({ dir: '/h', liveId: 'l' }),
      { startAtSec: 30 },
    );
    expect(args.slice(0, 9)).toEqual(['-re', '-protocol_whitelist', 'file', '-f', 'concat', '-safe', '0', '-i', '/d/l.resume.ffconcat']);
    expect(args.slice(-2)).toEqual(['/h/l-%d.ts', '/h/index.m3u8']);
  });

  it('buildResumedConcatList: the file playing at that point with an inpoint, then the ones after', () => {
    const paths = ['/v/a.mp4', "/v/it's.mp4", '/v/c.mp4'];
    expect(buildResumedConcatList(paths, [6, 4, 10], 7.25)).toBe(
      "ffconcat version 1.0\nfile '/v/it'\\''s.mp4'\ninpoint 1.250\nfile '/v/c.mp4'\n",
    );
    expect(buildResumedConcatList(paths, [6, 4, 10], 6)).toBe("ffconcat version 1.0\nfile '/v/it'\\''s.mp4'\nfile '/v/c.mp4'\n");
    expect(buildResumedConcatList(paths, [6, 4, 10], 2)).toBe(
      "ffconcat version 1.0\nfile '/v/a.mp4'\ninpoint 2.000\nfile '/v/it'\\''s.mp4'\nfile '/v/c.mp4'\n",
    );
    // Past the end: the last file from its end.
    expect(buildResumedConcatList(paths, [6, 4, 10], 99)).toBe("ffconcat version 1.0\nfile '/v/c.mp4'\ninpoint 10.000\n");
    expect(() => buildResumedConcatList(paths, [6, 4], 1)).toThrow(SourceArgsError);
  });

  it('a start of 0 adds no -ss', () => {
    expect(buildDirectStageArgs({ kind: 'file', path: '/v/a.mp4', loop: { kind: 'once' } }, COPY, FLV, { startAtSec: 0 })).not.toContain('-ss');
  });

  it('URL and test-pattern sources just restart: no -ss even when asked', () => {
    const url = buildDirectStageArgs({ kind: 'url', url: 'rtmp://origin/live/feed' }, COPY, FLV, { startAtSec: 40 });
    expect(url).toEqual(['-protocol_whitelist', 'rtmp,rtmps,tcp,tls', '-i', 'rtmp://origin/live/feed', '-map', '0:v:0?', '-map', '0:a:0?', '-c:v', 'copy', '-c:a', 'copy', ...QUEUE, ...FLV]);
    const pattern = { kind: 'testPattern' } as const;
    expect(buildDirectStageArgs(pattern, planEncoding({ mode: 'auto' }, testPatternProbe(pattern)), FLV, { startAtSec: 40 })).not.toContain('-ss');
  });
});

describe('resumePoint: where a restarted file or playlist picks up', () => {
  const once = { kind: 'once' } as const;
  it('played once: the position itself', () => {
    expect(resumePoint(42.5, 60, once, 500)).toEqual({ startAtSec: 42.5, loop: once, thenWholePlays: 0 });
    expect(resumePoint(42.5, null, once)).toEqual({ startAtSec: 42.5, loop: once, thenWholePlays: 0 });
  });
  it('looping: the rest of the current play, then whole plays chained in the same process (no reconnection)', () => {
    expect(resumePoint(130, 60, { kind: 'forever' }, 500)).toEqual({ startAtSec: 10, loop: once, thenWholePlays: 500 });
    // 5 plays, 2 done, 1 partly: the rest of it and the 2 after it, exactly.
    expect(resumePoint(130, 60, { kind: 'times', count: 5 }, 500)).toEqual({ startAtSec: 10, loop: once, thenWholePlays: 2 });
    expect(resumePoint(130, 60, { kind: 'times', count: 5 }, 1)).toEqual({ startAtSec: 10, loop: once, thenWholePlays: 1 });
  });
  it('at a play boundary: the next plays from the start, the plays already done off a times count', () => {
    expect(resumePoint(120, 60, { kind: 'forever' }, 9)).toEqual({ startAtSec: 0, loop: { kind: 'forever' }, thenWholePlays: 0 });
    expect(resumePoint(120, 60, { kind: 'times', count: 5 })).toEqual({
      startAtSec: 0,
      loop: { kind: 'times', count: 3 },
      thenWholePlays: 0,
    });
    expect(resumePoint(120, 60, { kind: 'times', count: 3 })).toEqual({ startAtSec: 0, loop: once, thenWholePlays: 0 });
  });
  it('every play done: at the very end (FFmpeg finishes at once)', () => {
    expect(resumePoint(200, 60, { kind: 'times', count: 3 }, 9)).toEqual({ startAtSec: 60, loop: once, thenWholePlays: 0 });
  });
  it('looping with an unknown duration, or nothing played: from the start', () => {
    expect(resumePoint(130, null, { kind: 'forever' }, 9)).toEqual({
      startAtSec: 0,
      loop: { kind: 'forever' },
      thenWholePlays: 0,
    });
    expect(resumePoint(-1, 60, { kind: 'forever' }, 9)).toEqual({ startAtSec: 0, loop: { kind: 'forever' }, thenWholePlays: 0 });
  });
  it('wholePlaysPerResume: about a day of plays, never more than the list cap, at least one', () => {
    expect(wholePlaysPerResume(3600, 1)).toBe(24);
    expect(wholePlaysPerResume(6, 1)).toBe(RESUME_LIST.maxEntries);
    expect(wholePlaysPerResume(6, 40)).toBe(50);
    expect(wholePlaysPerResume(100_000, 1)).toBe(1);
    expect(wholePlaysPerResume(6, 5000)).toBe(1);
  });
  it('buildResumedPlaysList: the rest of the play with an inpoint, then whole plays of every file', () => {
    expect(buildResumedPlaysList(['/v/a.mp4', '/v/b.mp4'], [6, 4], 7.25, 2)).toBe(
      [
        'ffconcat version 1.0',
        "file '/v/b.mp4'",
        'inpoint 1.250',
        ...["file '/v/a.mp4'", "file '/v/b.mp4'", "file '/v/a.mp4'", "file '/v/b.mp4'"],
        '',
      ].join('\n'),
    );
    expect(buildResumedPlaysList(['/v/a.mp4'], [6], 2, 0)).toBe("ffconcat version 1.0\nfile '/v/a.mp4'\ninpoint 2.000\n");
  });
  it('playsLeft counts the current play; forever never runs out', () => {
    expect(playsLeft(130, 60, { kind: 'times', count: 3 })).toBe(1);
    expect(playsLeft(180, 60, { kind: 'times', count: 3 })).toBe(0);
    expect(playsLeft(59, 60, { kind: 'once' })).toBe(1);
    expect(playsLeft(1e9, 60, { kind: 'forever' })).toBe(Number.POSITIVE_INFINITY);
  });
});
