import { describe, expect, it } from 'vitest';
import { buildPosterArgs, buildStripArgs } from './library-args';

describe('thumbnail arguments', () => {
  it('seeks the poster to a keyframe before the input and decodes keyframes only', () => {
    expect(buildPosterArgs('/m/a.mp4', 360, '/c/poster.jpg', { skipBlack: true })).toEqual([
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-skip_frame', 'nokey', '-noaccurate_seek', '-ss', '360.000', '-protocol_whitelist', 'file', '-i', '/m/a.mp4'],
      ...['-t', '10', '-map', '0:v:0', '-an', '-sn', '-dn'],
      '-vf',
      'blackframe=amount=0:threshold=32,metadata=mode=select:key=lavfi.blackframe.pblack:value=90:function=less,scale=480:-2',
      ...['-fps_mode', 'passthrough', '-frames:v', '1', '-q:v', '4', '-update', '1', '-f', 'image2', '/c/poster.jpg'],
    ]);
    expect(buildPosterArgs('/m/a.mp4', 0, '/c/p.jpg', { skipBlack: false })).toContain('scale=480:-2');
  });

  it('opens the file once per strip frame, each with a keyframe-only fast seek', () => {
    const args = buildStripArgs('/m/a.mp4', [1, 2.5], '/c/strip.jpg');
    expect(args.slice(4, 22)).toEqual([
      ...['-skip_frame', 'nokey', '-noaccurate_seek', '-ss', '1.000', '-protocol_whitelist', 'file', '-i', '/m/a.mp4'],
      ...['-skip_frame', 'nokey', '-noaccurate_seek', '-ss', '2.500', '-protocol_whitelist', 'file', '-i', '/m/a.mp4'],
    ]);
    expect(args.slice(-11, -1)).toEqual([
      '-fps_mode',
      'passthrough',
      '-frames:v',
      '1',
      '-q:v',
      '5',
      '-update',
      '1',
      '-f',
      'image2',
    ]);
    expect(args.at(-1)).toBe('/c/strip.jpg');
  });
});
