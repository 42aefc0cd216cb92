import { describe, expect, it } from 'vitest';
import { buildCodecArgs, planEncoding } from './encoding';
import { CONSERVATIVE_LIMITS, platformPreset } from './platforms';
import { comparePlaylist } from './playlist-format';
import type { ProbeResult } from './probe-result';

function file(
  width: number,
  height: number,
  fps: number,
  extra: { level?: number; bitRate?: number; sampleRate?: number; videoTb?: string; audioTb?: string } = {},
): ProbeResult {
  return {
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSec: 60,
    bitRate: null,
    video: [
      {
        index: 0,
        codec: 'h264',
        profile: 'High',
        pixelFormat: 'yuv420p',
        width,
        height,
        fps,
        level: extra.level ?? 40,
        bitRate: extra.bitRate ?? 2_500_000,
        timeBase: extra.videoTb ?? `1/${Math.round(fps * 512)}`,
      },
    ],
    audio: [
      {
        index: 1,
        codec: 'aac',
        profile: 'LC',
        channels: 2,
        sampleRate: extra.sampleRate ?? 48000,
        timeBase: extra.audioTb ?? `1/${extra.sampleRate ?? 48000}`,
      },
    ],
  };
}

const youtube = { label: 'YouTube (primary)', limits: platformPreset('youtube-primary').limits };
const twitch = { label: 'Twitch', limits: platformPreset('twitch').limits };
const custom = { label: 'My server', limits: CONSERVATIVE_LIMITS };

describe('auto: what platforms refuse is encoded, with the reason', () => {
  it('an 8K H.264 level 6.0 file to YouTube is encoded (1080p), the note saying why', () => {
    const plan = planEncoding({ mode: 'auto' }, file(7680, 4320, 30, { level: 60, bitRate: 80_000_000 }), {
      destinations: [youtube],
    });
    expect(plan.video).toMatchObject({ action: 'encode', encode: { width: 1920, height: 1080 } });
    expect(plan.audio).toEqual({ action: 'copy' });
    expect(plan.reasons).toEqual([
      'video is 7680x4320, level 6.0, 80000 kbit/s, more than YouTube (primary) takes (at most 3840x2160, 60 fps, level 5.2, 51000 kbit/s)',
    ]);
  });

  it('a 1080p60 file at 8 Mbit/s: as it is to YouTube, encoded within 6 Mbit/s when Twitch is also a destination', () => {
    const source = file(1920, 1080, 60, { level: 42, bitRate: 8_000_000 });
    expect(planEncoding({ mode: 'auto' }, source, { destinations: [youtube] })).toMatchObject({
      video: { action: 'copy' },
      reasons: [],
    });
    const both = planEncoding({ mode: 'auto' }, source, { destinations: [youtube, twitch] });
    expect(both.reasons[0]).toMatch(/^video is 8000 kbit\/s, more than Twitch takes/);
    expect(both.video.action === 'encode' && both.video.encode.maxrateK).toBeLessThanOrEqual(6000);
  });

  it('a custom RTMP server gets the conservative default (1080p60, level 4.2, 8 Mbit/s)', () => {
    expect(planEncoding({ mode: 'auto' }, file(2560, 1440, 30, { level: 50 }), { destinations: [custom] }).video.action).toBe(
      'encode',
    );
    expect(planEncoding({ mode: 'auto' }, file(1280, 720, 30, { level: 31 }), { destinations: [custom] }).video.action).toBe(
      'copy',
    );
  });

  it('a frame rate above the limit is resampled to it (fps filter), 59.94 is not', () => {
    const plan = planEncoding({ mode: 'auto' }, file(1280, 720, 120), { destinations: [youtube] });
    expect(plan.reasons[0]).toMatch(/^video is 120 fps/);
    expect(buildCodecArgs(plan).join(' ')).toContain('-vf fps=60');
    expect(planEncoding({ mode: 'auto' }, file(1280, 720, 59.94), { destinations: [youtube] }).video.action).toBe('copy');
  });

  it('only the local HLS preview (no platform): an 8K file is sent as it is', () => {
    expect(planEncoding({ mode: 'auto' }, file(7680, 4320, 30, { level: 60 })).video.action).toBe('copy');
  });
});

describe('auto: a playlist is looked at file by file', () => {
  const small = file(640, 360, 25, { sampleRate: 44100 });
  const big = file(1280, 720, 30);

  it('mixed formats are encoded to one (the largest frame, the highest rate), saying why', () => {
    const plan = planEncoding({ mode: 'auto' }, small, { playlist: [small, big, small] });
    expect(plan.reasons).toEqual([
      'the playlist mixes 640x360 at 25 fps and 1280x720 at 30 fps: encoding to one format',
      'the playlist mixes audio (44100 Hz stereo AAC and 48000 Hz stereo AAC)',
    ]);
    expect(plan.video).toMatchObject({ action: 'encode', encode: { width: 1280, height: 720, fps: 30 } });
    expect(plan.audio.action).toBe('encode');
    const args = buildCodecArgs(plan).join(' ');
    expect(args).toContain(
      '-vf scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=30',
    );
    expect(args).toContain('-ar 48000');
  });

  it('files of one format stay as they are', () => {
    const plan = planEncoding({ mode: 'auto' }, big, { playlist: [big, file(1280, 720, 30), big] });
    expect(plan).toEqual({ video: { action: 'copy' }, audio: { action: 'copy' }, reasons: [] });
  });

  it('tells files whose time bases differ (the concat demuxer would mis-time them) from files that share one', () => {
    expect(comparePlaylist([big, big]).timeBasesDiffer).toBe(false);
    expect(comparePlaylist([big, file(1280, 720, 30, { videoTb: '1/30000' })])).toMatchObject({
      mixedVideo: null,
      timeBasesDiffer: true,
    });
    expect(comparePlaylist([small, big]).timeBasesDiffer).toBe(true);
  });
});
