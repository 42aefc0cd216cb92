import type { RenditionId } from '../contract/library';
import { ENCODING_PRESETS, evenSide, keyframeArgs } from './encoding';
import { fitWithin } from './ingest-limits';
import { checkInput, protocolWhitelistArgs } from './input-protocols';
import { CONSERVATIVE_LIMITS } from './platforms';

/**
 * Optimize jobs: one FFmpeg reads a library file once and writes each requested output — the
 * streaming-ready copy (`stream`: H.264/AAC, faststart MP4, 2 s GOP, within what any RTMP server
 * takes) and renditions of the seed's multi-resolution ladder, never upscaled.
 */

export type H264Encoder = 'libx264' | 'h264_vaapi' | 'h264_nvenc' | 'h264_qsv' | 'h264_videotoolbox';

/** The hardware H.264 encoders tried, in order of preference, before libx264. */
export const HARDWARE_H264_ENCODERS: readonly Exclude<H264Encoder, 'libx264'>[] = [
  'h264_nvenc',
  'h264_qsv',
  'h264_vaapi',
  'h264_videotoolbox',
];

/** The render node VAAPI encodes on (the first GPU). */
export const VAAPI_DEVICE = '/dev/dri/renderD128';

export class OptimizeArgsError extends Error {
  override readonly name = 'OptimizeArgsError';
}

interface Rung {
  /** The short side of the output (240 for 240p, whatever the orientation). */
  readonly short: number;
  readonly video: { readonly bitrateK: number; readonly maxrateK: number; readonly bufsizeK: number };
  readonly audioK: number;
}

const fromPreset = (id: keyof typeof ENCODING_PRESETS, short: number): Rung => {
  const { bitrateK, maxrateK, bufsizeK } = ENCODING_PRESETS[id].video;
  return { short, video: { bitrateK, maxrateK, bufsizeK }, audioK: ENCODING_PRESETS[id].audio.bitrateK };
};

/** The ladder: the live presets' bit rates (one home), plus 240p below the economical 360p. */
export const RENDITION_LADDER: Readonly<Record<Exclude<RenditionId, 'stream'>, Rung>> = {
  '240p': { short: 240, video: { bitrateK: 300, maxrateK: 450, bufsizeK: 600 }, audioK: 64 },
  '360p': fromPreset('economical', 360),
  '480p': fromPreset('480p', 480),
  '720p': fromPreset('720p', 720),
  '1080p': fromPreset('1080p', 1080),
};

const LADDER_IDS = Object.keys(RENDITION_LADDER) as Exclude<RenditionId, 'stream'>[];

/** The outputs a frame of this size can have: the copy, and every rung not above its short side. */
export function renditionsFor(width: number, height: number): RenditionId[] {
  const short = Math.min(width, height);
  return ['stream', ...LADDER_IDS.filter((id) => RENDITION_LADDER[id].short <= short)];
}

/** The frame of an output: the copy fits what any RTMP server takes; a rung scales to its short side. */
export function outputSize(id: RenditionId, width: number, height: number): [number, number] {
  if (id === 'stream') return fitWithin(width, height, CONSERVATIVE_LIMITS);
  const short = Math.min(width, height);
  const scale = Math.min(1, RENDITION_LADDER[id].short / short);
  return [evenSide(Math.round(width * scale)), evenSide(Math.round(height * scale))];
}

/** The copy's bit rate follows its height like `auto` does (the rung at or above it). */
function rungOf(id: RenditionId, outShort: number): Rung {
  if (id !== 'stream') return RENDITION_LADDER[id];
  const rung = LADDER_IDS.find((r) => RENDITION_LADDER[r].short >= outShort) ?? '1080p';
  return RENDITION_LADDER[rung];
}

export interface OptimizeSource {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  /** Average frame rate; null when unknown. */
  readonly fps: number | null;
  readonly variableFrameRate: boolean;
  /** Positions (0:s:N) of text subtitle tracks, kept as mov_text; image ones cannot go in MP4. */
  readonly textSubtitles: readonly number[];
}

export interface OptimizeOutput {
  readonly id: RenditionId;
  /** Where FFmpeg writes it (a temporary name the job renames when everything succeeded). */
  readonly file: string;
}

/** At most 60 fps; a variable rate becomes constant (streams and players prefer even spacing). */
function outputFps(source: OptimizeSource): number | null {
  if (source.fps === null) return null;
  if (source.fps > 60.5) return 60;
  return source.variableFrameRate ? Math.round(source.fps * 1000) / 1000 : null;
}

/** Video codec arguments per encoder; the frame arrives as the filter graph left it. */
function encoderArgs(encoder: H264Encoder, rung: Rung, fps: number | null): string[] {
  const rate = ['-b:v', `${rung.video.bitrateK}k`, '-maxrate', `${rung.video.maxrateK}k`, '-bufsize', `${rung.video.bufsizeK}k`];
  // Hardware encoders count their GOP in frames; the forced keyframes keep it at 2 s of time anyway.
  const gop = fps === null ? [] : ['-g', String(Math.max(1, Math.round(fps * 2)))];
  switch (encoder) {
    case 'libx264':
      return ['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', ...rate, ...keyframeArgs()];
    case 'h264_nvenc':
      return ['-c:v', 'h264_nvenc', '-preset', 'p4', '-profile:v', 'high', ...rate, ...gop, ...keyframeArgs()];
    case 'h264_qsv':
      return ['-c:v', 'h264_qsv', '-preset', 'veryfast', '-profile:v', 'high', ...rate, ...gop, ...keyframeArgs()];
    case 'h264_vaapi':
      return ['-c:v', 'h264_vaapi', '-profile:v', 'high', ...rate, ...gop, ...keyframeArgs()];
    case 'h264_videotoolbox':
      return ['-c:v', 'h264_videotoolbox', '-profile:v', 'high', ...rate, ...gop, ...keyframeArgs()];
  }
}

/** The pixel format step at the end of each output's filters (VAAPI uploads to the GPU). */
function pixelStep(encoder: H264Encoder): string {
  if (encoder === 'libx264') return 'format=yuv420p';
  return encoder === 'h264_vaapi' ? 'format=nv12,hwupload' : 'format=nv12';
}

/** FFmpeg's arguments (after the runner's global ones) for one optimize job. */
export function buildOptimizeArgs(source: OptimizeSource, outputs: readonly OptimizeOutput[], encoder: H264Encoder): string[] {
  if (outputs.length === 0) throw new OptimizeArgsError('An optimize job needs at least one output.');
  const check = checkInput(source.path);
  if (!check.ok || check.family !== 'file') throw new OptimizeArgsError('A library file is an absolute local path.');
  const fps = outputFps(source);
  const head = fps === null ? '[0:v:0]' : `[0:v:0]fps=${fps},`;
  const split =
    outputs.length === 1 ? `${head}null[s0]` : `${head}split=${outputs.length}${outputs.map((_, i) => `[s${i}]`).join('')}`;
  const chains = outputs.map((output, i) => {
    const [w, h] = outputSize(output.id, source.width, source.height);
    return `[s${i}]scale=${w}:${h},setsar=1,${pixelStep(encoder)}[v${i}]`;
  });
  const device = encoder === 'h264_vaapi' ? ['-vaapi_device', VAAPI_DEVICE] : [];
  const args = [...device, ...protocolWhitelistArgs('file'), '-i', source.path, '-filter_complex', [split, ...chains].join(';')];
  outputs.forEach((output, i) => {
    const [w, h] = outputSize(output.id, source.width, source.height);
    const rung = rungOf(output.id, Math.min(w, h));
    args.push('-map', `[v${i}]`, '-map', '0:a?');
    for (const position of source.textSubtitles) args.push('-map', `0:s:${position}`);
    args.push(...encoderArgs(encoder, rung, fps ?? source.fps));
    args.push('-c:a', 'aac', '-b:a', `${rung.audioK}k`, '-ac', '2', '-ar', '48000');
    if (source.textSubtitles.length > 0) args.push('-c:s', 'mov_text');
    args.push('-movflags', '+faststart', '-f', 'mp4', output.file);
  });
  return args;
}

/**
 * A hardware encoder is used only after it encoded for real here: a build lists NVENC, QSV and
 * VAAPI whether or not the machine has the hardware or the driver. Half a second of a test
 * pattern, to nowhere.
 */
export function buildTrialArgs(encoder: H264Encoder): string[] {
  const source = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=0.5'];
  const device = encoder === 'h264_vaapi' ? ['-vaapi_device', VAAPI_DEVICE] : [];
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
    ...device,
    ...source,
    ...['-vf', pixelStep(encoder), '-c:v', encoder, '-frames:v', '10', '-f', 'null', '-'],
  ];
}
