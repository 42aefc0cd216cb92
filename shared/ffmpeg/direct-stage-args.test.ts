import { describe, expect, it } from 'vitest';
import { planEncoding } from './encoding';
import { hlsMuxerArgs, rtmpMuxerArgs } from './output-args';
import type { ProbeResult } from './probe-result';
import { buildResumedConcatList, SourceArgsError, testPatternProbe } from './source-args';
import { buildDirectStageArgs, playsLeft, resumePoint } from './stage-args';

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
  it('played once: the position itself', () => {
    expect(resumePoint(42.5, 60, { kind: 'once' })).toEqual({ startAtSec: 42.5, loop: { kind: 'once' } });
    expect(resumePoint(42.5, null, { kind: 'once' })).toEqual({ startAtSec: 42.5, loop: { kind: 'once' } });
  });
  it('looping: the position modulo the duration, the rest of that play only (-ss would apply to every loop)', () => {
    expect(resumePoint(130, 60, { kind: 'forever' })).toEqual({ startAtSec: 10, loop: { kind: 'once' } });
    expect(resumePoint(130, 60, { kind: 'times', count: 5 })).toEqual({ startAtSec: 10, loop: { kind: 'once' } });
  });
  it('at a play boundary: the next plays from the start, the plays already done off a times count', () => {
    expect(resumePoint(120, 60, { kind: 'forever' })).toEqual({ startAtSec: 0, loop: { kind: 'forever' } });
    expect(resumePoint(120, 60, { kind: 'times', count: 5 })).toEqual({ startAtSec: 0, loop: { kind: 'times', count: 3 } });
    expect(resumePoint(120, 60, { kind: 'times', count: 3 })).toEqual({ startAtSec: 0, loop: { kind: 'once' } });
  });
  it('every play done: at the very end (FFmpeg finishes at once)', () => {
    expect(resumePoint(200, 60, { kind: 'times', count: 3 })).toEqual({ startAtSec: 60, loop: { kind: 'once' } });
  });
  it('looping with an unknown duration, or nothing played: from the start', () => {
    expect(resumePoint(130, null, { kind: 'forever' })).toEqual({ startAtSec: 0, loop: { kind: 'forever' } });
    expect(resumePoint(-1, 60, { kind: 'forever' })).toEqual({ startAtSec: 0, loop: { kind: 'forever' } });
  });
  it('playsLeft counts the current play; forever never runs out', () => {
    expect(playsLeft(130, 60, { kind: 'times', count: 3 })).toBe(1);
    expect(playsLeft(180, 60, { kind: 'times', count: 3 })).toBe(0);
    expect(playsLeft(59, 60, { kind: 'once' })).toBe(1);
    expect(playsLeft(1e9, 60, { kind: 'forever' })).toBe(Number.POSITIVE_INFINITY);
  });
});
