import { describe, expect, it } from 'vitest';
import { planEncoding } from './encoding';
import { buildDestinationTestArgs } from './destination-test-args';
import { buildSourceStageArgs } from './stage-args';

describe('buildDestinationTestArgs', () => {
  it('publishes the small test pattern, economical preset, cut after N seconds of output', () => {
    expect(buildDestinationTestArgs('rtmp://127.0.0.1:1935/live/KEY', 5)).toEqual([
      ...['-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30'],
      ...['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
      ...['-map', '0:v:0', '-map', '1:a:0'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '500k', '-maxrate', '800k', '-bufsize', '1200k'],
      ...['-vf', 'scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:(ow-iw)/2:(oh-ih)/2,setsar=1'],
      ...['-pix_fmt', 'yuv420p', '-force_key_frames', 'expr:gte(t,n_forced*2)', '-sc_threshold', '0'],
      ...['-c:a', 'aac', '-b:a', '96k', '-ac', '2', '-ar', '48000', '-max_muxing_queue_size', '1024'],
      ...['-t', '5', '-f', 'flv', '-flvflags', 'no_duration_filesize', 'rtmp://127.0.0.1:1935/live/KEY'],
    ]);
  });
});

describe('buildSourceStageArgs from a point (a live moving to the hub on air)', () => {
  it('seeks a file before its input, and nothing else', () => {
    const plan = planEncoding({ mode: 'preset', preset: 'economical' }, null);
    const file = { kind: 'file' as const, path: '/v/show.mp4', loop: { kind: 'once' as const } };
    const args = buildSourceStageArgs(file, plan, { startAtSec: 12.3456 });
    expect(args.slice(args.indexOf('-ss'), args.indexOf('-ss') + 4)).toEqual(['-ss', '12.346', '-i', '/v/show.mp4']);
    expect(buildSourceStageArgs(file, plan, {})).toEqual(buildSourceStageArgs(file, plan));
    expect(buildSourceStageArgs({ kind: 'testPattern' }, plan, { startAtSec: 30 })).not.toContain('-ss');
  });
});
