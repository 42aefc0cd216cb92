import { describe, expect, it } from 'vitest';
import { ENCODING_PRESET_IDS, planEncoding } from './encoding';
import type { ProbeResult, ProbedAudio, ProbedVideo } from './probe-result';

const video = (codec: string, extra: Partial<ProbedVideo> = {}): ProbedVideo => ({
  index: 0,
  codec,
  profile: null,
  pixelFormat: 'yuv420p',
  width: 1280,
  height: 720,
  fps: 30,
  ...extra,
});
const audio = (codec: string): ProbedAudio => ({ index: 1, codec, profile: null, channels: 2, sampleRate: 48000 });
const probe = (v: ProbedVideo[], a: ProbedAudio[]): ProbeResult => ({
  formatName: 'x',
  durationSec: 10,
  bitRate: null,
  video: v,
  audio: a,
});

describe('planEncoding auto', () => {
  it('copies H.264 + AAC untouched', () => {
    const plan = planEncoding({ mode: 'auto' }, probe([video('h264')], [audio('aac')]));
    expect(plan).toEqual({ video: { action: 'copy' }, audio: { action: 'copy' }, reasons: [] });
  });

  it.each(['ac3', 'eac3', 'mp3', 'opus', 'mp2', 'flac'])('re-encodes only the audio when it is %s', (codec) => {
    const plan = planEncoding({ mode: 'auto' }, probe([video('h264')], [audio(codec)]));
    expect(plan.video).toEqual({ action: 'copy' });
    expect(plan.audio).toEqual({ action: 'encode', encode: { bitrateK: 128 } });
    expect(plan.reasons).toEqual([`audio is ${codec.toUpperCase()}, the outputs take AAC`]);
  });

  it.each(['hevc', 'vp9', 'av1', 'mpeg2video', 'mpeg4'])('re-encodes only the video when it is %s, keeping the size', (codec) => {
    const plan = planEncoding({ mode: 'auto' }, probe([video(codec)], [audio('aac')]));
    expect(plan.audio).toEqual({ action: 'copy' });
    expect(plan.video).toEqual({
      action: 'encode',
      encode: { width: null, height: null, bitrateK: 3000, maxrateK: 3500, bufsizeK: 6000, x264Preset: 'veryfast' },
    });
  });

  it('downmixes 5.1 AAC to stereo AAC, copying the video', () => {
    const plan = planEncoding({ mode: 'auto' }, probe([video('h264')], [{ ...audio('aac'), channels: 6 }]));
    expect(plan.video).toEqual({ action: 'copy' });
    expect(plan.audio).toEqual({ action: 'encode', encode: { bitrateK: 128 } });
    expect(plan.reasons).toEqual(['AAC audio has 6 channels, platforms take stereo']);
  });

  it('re-encodes 10-bit H.264 (platforms decode 8-bit 4:2:0 only)', () => {
    const plan = planEncoding({ mode: 'auto' }, probe([video('h264', { pixelFormat: 'yuv420p10le' })], [audio('aac')]));
    expect(plan.video.action).toBe('encode');
  });

  it('scales a 4K HEVC source down to 1080p', () => {
    const plan = planEncoding({ mode: 'auto' }, probe([video('hevc', { width: 3840, height: 2160 })], [audio('aac')]));
    expect(plan.video).toMatchObject({ action: 'encode', encode: { width: 1920, height: 1080 } });
  });

  it('picks the bitrate from the source height', () => {
    const rate = (height: number): number | undefined => {
      const plan = planEncoding({ mode: 'auto' }, probe([video('vp9', { height })], []));
      return plan.video.action === 'encode' ? plan.video.encode.bitrateK : undefined;
    };
    expect([rate(240), rate(480), rate(720), rate(1080)]).toEqual([500, 1200, 3000, 5000]);
  });

  it('skips a missing stream instead of mapping it', () => {
    expect(planEncoding({ mode: 'auto' }, probe([], [audio('aac')])).video).toEqual({ action: 'none' });
    expect(planEncoding({ mode: 'auto' }, probe([video('h264')], [])).audio).toEqual({ action: 'none' });
  });

  it('without a probe, re-encodes both streams (safe default) and says why', () => {
    const plan = planEncoding({ mode: 'auto' }, null);
    expect(plan.video.action).toBe('encode');
    expect(plan.audio.action).toBe('encode');
    expect(plan.reasons[0]).toMatch(/could not be probed/);
  });
});

describe('planEncoding presets', () => {
  it.each(ENCODING_PRESET_IDS)('preset %s always encodes both streams, even a compatible source', (preset) => {
    const plan = planEncoding({ mode: 'preset', preset }, probe([video('h264')], [audio('aac')]));
    expect(plan.video.action).toBe('encode');
    expect(plan.audio.action).toBe('encode');
  });

  it('economical is exactly the seed profile', () => {
    const plan = planEncoding({ mode: 'preset', preset: 'economical' }, null);
    expect(plan.video).toEqual({
      action: 'encode',
      encode: { width: 640, height: 360, bitrateK: 500, maxrateK: 800, bufsizeK: 1200, x264Preset: 'ultrafast' },
    });
    expect(plan.audio).toEqual({ action: 'encode', encode: { bitrateK: 96 } });
  });
});
