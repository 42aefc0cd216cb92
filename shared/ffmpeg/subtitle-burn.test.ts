import { describe, expect, it } from 'vitest';
import { planEncoding, type RestreamPlan } from './encoding';
import { buildSourceInputArgs } from './source-args';
import { buildSourceStageArgs } from './stage-args';
import { burnInGraph, filterGraphValue } from './subtitle-burn';

const ENCODE_720: RestreamPlan = planEncoding({ mode: 'preset', preset: '720p' }, null);

describe('burnt-in subtitles', () => {
  it('escapes a file name at both levels FFmpeg parses: quotes, colons, brackets and commas stay one value', () => {
    expect(filterGraphValue("/v/it's [a]: b,c.mkv")).toBe("/v/it\\\\\\'s \\[a\\]\\\\: b\\,c.mkv");
  });

  it('a text track is drawn by libass before the encode’s own fit, and mapped from the graph instead of -vf', () => {
    const source = {
      kind: 'file' as const,
      path: '/v/a.mkv',
      loop: { kind: 'once' as const },
      burnIn: { position: 1, kind: 'text' as const },
    };
    const args = buildSourceStageArgs(source, ENCODE_720);
    const graph = args[args.indexOf('-filter_complex') + 1] ?? '';
    expect(graph).toMatch(/^\[0:v:0\]subtitles=filename=\/v\/a\.mkv:si=1,scale=1280:720:.*\[vout\]$/);
    expect(args).toContain('[vout]');
    expect(args).not.toContain('-vf');
  });

  it('after a restart the text track is shifted by the resume point, so the lines stay in time', () => {
    const source = {
      kind: 'file' as const,
      path: '/v/a.mkv',
      loop: { kind: 'once' as const },
      burnIn: { position: 0, kind: 'text' as const },
    };
    expect(burnInGraph(source, ENCODE_720, 12.5)?.args[1]).toContain(
      'setpts=PTS+12.500/TB,subtitles=filename=/v/a.mkv:si=0,setpts=PTS-12.500/TB',
    );
  });

  it('an image track (PGS) is overlaid from the same input', () => {
    const source = {
      kind: 'file' as const,
      path: '/v/a.mkv',
      loop: { kind: 'once' as const },
      burnIn: { position: 2, kind: 'image' as const },
    };
    expect(burnInGraph(source, ENCODE_720)?.args[1]).toMatch(/^\[0:v:0\]\[0:s:2\]overlay=eof_action=pass,/);
  });

  it('auto encodes the video when subtitles are burnt in, and says why', () => {
    const probe = {
      formatName: 'matroska,webm',
      durationSec: 10,
      bitRate: 1_000_000,
      video: [{ index: 0, codec: 'h264', profile: 'High', pixelFormat: 'yuv420p', width: 640, height: 360, fps: 25 }],
      audio: [{ index: 1, codec: 'aac', profile: 'LC', channels: 2, sampleRate: 48000 }],
    };
    expect(planEncoding({ mode: 'auto' }, probe).video.action).toBe('copy');
    const plan = planEncoding({ mode: 'auto' }, probe, { burnInSubtitles: 'fra' });
    expect(plan.video.action).toBe('encode');
    expect(plan.reasons.join(' ')).toContain('the fra subtitles are burnt into the picture');
  });

  it('a chosen audio track is mapped by its rank, and must exist (no "?")', () => {
    const base = { kind: 'file' as const, path: '/v/a.mkv', loop: { kind: 'once' as const } };
    expect(buildSourceInputArgs(base).audioMap).toBe('0:a:0?');
    expect(buildSourceInputArgs({ ...base, audioTrack: 2 }).audioMap).toBe('0:a:2');
    expect(() => buildSourceInputArgs({ ...base, audioTrack: -1 })).toThrow(/rank from 0/);
  });
});
