import { EncodingPreset, type Encoding } from '../contract/live-fields';
import { beyondLimits, fitWithin, strictestLimits, type DestinationLimits } from './ingest-limits';
import { comparePlaylist } from './playlist-format';
import { engineMessage, englishOf } from '../messages/engine-message';
import type { ProbeResult, ProbedAudio, ProbedVideo } from './probe-result';

/** The contract's presets (`EncodingPreset`): one list, read from the schema. */
export type EncodingPresetId = EncodingPreset;
export const ENCODING_PRESET_IDS: readonly EncodingPresetId[] = EncodingPreset.options;

/** `auto` copies what RTMP/FLV and HLS accept and re-encodes only the rest; a preset always encodes. */
export type EncodingChoice = Encoding;

export interface VideoEncode {
  /** Output frame size; null keeps the source size (auto re-encode of a small enough source). */
  width: number | null;
  height: number | null;
  bitrateK: number;
  maxrateK: number;
  bufsizeK: number;
  x264Preset: 'ultrafast' | 'superfast' | 'veryfast' | 'faster';
  /** Output frame rate; absent keeps the source's (a mixed playlist or a too-high rate sets it). */
  fps?: number | undefined;
}

export interface AudioEncode {
  bitrateK: number;
}

export type VideoPlan = { action: 'copy' } | { action: 'encode'; encode: VideoEncode } | { action: 'none' };
export type AudioPlan = { action: 'copy' } | { action: 'encode'; encode: AudioEncode } | { action: 'none' };

/** How the source stage treats each stream; `reasons` explain every re-encode in plain words. */
export interface RestreamPlan {
  video: VideoPlan;
  audio: AudioPlan;
  reasons: string[];
}

interface Preset {
  label: string;
  video: VideoEncode;
  audio: AudioEncode;
}

/** The seed's economical profile, then the usual ladder (bitrates from YouTube/Twitch guidance). */
export const ENCODING_PRESETS: Readonly<Record<EncodingPresetId, Preset>> = {
  economical: {
    label: 'Economical 360p (500 kbit/s)',
    video: { width: 640, height: 360, bitrateK: 500, maxrateK: 800, bufsizeK: 1200, x264Preset: 'ultrafast' },
    audio: { bitrateK: 96 },
  },
  '480p': {
    label: '480p (1.2 Mbit/s)',
    video: { width: 854, height: 480, bitrateK: 1200, maxrateK: 1500, bufsizeK: 2400, x264Preset: 'veryfast' },
    audio: { bitrateK: 128 },
  },
  '720p': {
    label: '720p (3 Mbit/s)',
    video: { width: 1280, height: 720, bitrateK: 3000, maxrateK: 3500, bufsizeK: 6000, x264Preset: 'veryfast' },
    audio: { bitrateK: 128 },
  },
  '1080p': {
    label: '1080p (5 Mbit/s)',
    video: { width: 1920, height: 1080, bitrateK: 5000, maxrateK: 6000, bufsizeK: 10000, x264Preset: 'veryfast' },
    audio: { bitrateK: 160 },
  },
};

/** Keyframe every 2 s whatever the frame rate (also VFR): what YouTube, Twitch and HLS segmenting want. */
export const KEYFRAME_INTERVAL_SEC = 2;

const AUTO_AUDIO: AudioEncode = { bitrateK: 128 };

/** Re-encode bitrate in auto mode, by output height (the source size is kept up to 1080p). */
function autoVideoEncode(video: ProbedVideo): VideoEncode {
  const height = video.height ?? 720;
  if (height > 1080) return { ...ENCODING_PRESETS['1080p'].video };
  const rung = height <= 360 ? 'economical' : height <= 480 ? '480p' : height <= 720 ? '720p' : '1080p';
  const base = ENCODING_PRESETS[rung].video;
  // H.264 at 4:2:0 needs even sides: libx264 refuses a 641x361 frame, so an odd one is trimmed.
  const { width, height: h } = video;
  if (width !== null && h !== null && (width % 2 !== 0 || h % 2 !== 0)) {
    return { ...base, width: evenSide(width), height: evenSide(h), x264Preset: 'veryfast' };
  }
  return { ...base, width: null, height: null, x264Preset: 'veryfast' };
}

/** The even side H.264 4:2:0 takes for `side` (one pixel less when it is odd, never below 2). */
export function evenSide(side: number): number {
  return Math.max(2, Math.floor(side / 2) * 2);
}

/** 8-bit 4:2:0 (what every platform decodes); High 10 or 4:2:2 H.264 must be re-encoded. */
const PLAYABLE_PIXEL_FORMATS = new Set(['yuv420p', 'yuvj420p']);

function videoNeedsEncode(video: ProbedVideo): string | null {
  if (video.codec !== 'h264') return englishOf(engineMessage('plan.videoCodec', { codec: video.codec.toUpperCase() }));
  if (video.pixelFormat && !PLAYABLE_PIXEL_FORMATS.has(video.pixelFormat)) {
    return englishOf(engineMessage('plan.pixelFormat', { pixelFormat: video.pixelFormat }));
  }
  return null;
}

function audioNeedsEncode(audio: ProbedAudio): string | null {
  if (audio.codec !== 'aac') return englishOf(engineMessage('plan.audioCodec', { codec: audio.codec.toUpperCase() }));
  // Twitch and Facebook take stereo only; re-encoding audio costs little next to video.
  if (audio.channels !== null && audio.channels > 2)
    return englishOf(engineMessage('plan.audioChannels', { channels: audio.channels }));
  return null;
}

/** What `auto` weighs beside the source's codecs. */
export interface PlanContext {
  /** Each enabled push destination's limits: beyond any of them, the video is encoded. */
  destinations?: readonly DestinationLimits[];
  /** Every file of a playlist, probed in order (the first one is `probe`): mixed formats are encoded to one. */
  playlist?: readonly ProbeResult[];
  /** A subtitle track is burnt into the picture (its language): the video must be encoded. */
  burnInSubtitles?: string;
}

/** At most 1080p and 60 fps when `auto` encodes: what a machine keeps up with in real time. */
const AUTO_CEILING = { maxLongSide: 1920, maxShortSide: 1080, maxFps: 60 };

/**
 * Decide copy or encode for each stream. `auto` needs the probe of the source; without one
 * (the probe failed or timed out on a live URL) both streams are re-encoded at 720p, the safe
 * choice. It copies what the destinations accept — codecs, and the limits of each platform
 * (size, frame rate, level, bit rate) — and, for a playlist, only when every file has the same
 * format. A preset always encodes both.
 */
export function planEncoding(choice: EncodingChoice, probe: ProbeResult | null, context: PlanContext = {}): RestreamPlan {
  const video = probe?.video[0];
  const audio = probe?.audio[0];
  if (choice.mode === 'preset') {
    const preset = ENCODING_PRESETS[choice.preset];
    return {
      video: probe && !video ? { action: 'none' } : { action: 'encode', encode: { ...preset.video } },
      audio: probe && !audio ? { action: 'none' } : { action: 'encode', encode: { ...preset.audio } },
      reasons: [englishOf(engineMessage('plan.preset', { preset: choice.preset }))],
    };
  }
  if (!probe) {
    return {
      video: { action: 'encode', encode: { ...ENCODING_PRESETS['720p'].video } },
      audio: { action: 'encode', encode: { ...AUTO_AUDIO } },
      reasons: [englishOf(engineMessage('plan.notProbed'))],
    };
  }
  const reasons: string[] = [];
  const playlist = context.playlist && context.playlist.length > 1 ? comparePlaylist(context.playlist) : null;
  const limits = strictestLimits((context.destinations ?? []).map((d) => d.limits));
  let videoPlan: VideoPlan = { action: 'none' };
  if (video) {
    const why =
      videoNeedsEncode(video) ??
      (context.destinations ?? []).map((d) => beyondLimits(video, probe.bitRate, d)).find((w) => w !== null) ??
      (context.burnInSubtitles ? englishOf(engineMessage('plan.burnIn', { language: context.burnInSubtitles })) : null);
    if (why) reasons.push(why);
    if (playlist?.mixedVideo) reasons.push(englishOf(engineMessage('plan.mixedVideo', { formats: playlist.mixedVideo })));
    if (!why && !playlist?.mixedVideo) videoPlan = { action: 'copy' };
    else {
      const target = playlist?.target;
      const encode = target ? oneFormat(target) : autoVideoEncode(video);
      const sourceFps = target?.fps ?? video.fps;
      if (limits && sourceFps !== null && sourceFps > limits.maxFps + 0.5) encode.fps = limits.maxFps;
      videoPlan = { action: 'encode', encode: withinLimits(encode, limits) };
    }
  }
  let audioPlan: AudioPlan = { action: 'none' };
  if (audio) {
    const why =
      audioNeedsEncode(audio) ??
      (playlist?.mixedAudio ? englishOf(engineMessage('plan.mixedAudio', { formats: playlist.mixedAudio })) : null);
    if (why) reasons.push(why);
    audioPlan = why ? { action: 'encode', encode: { ...AUTO_AUDIO } } : { action: 'copy' };
  }
  return { video: videoPlan, audio: audioPlan, reasons };
}

/** A mixed playlist: every file scaled (and padded) to one frame at one rate, within what `auto` encodes. */
function oneFormat(target: { width: number; height: number; fps: number }): VideoEncode {
  const [width, height] = fitWithin(target.width, target.height, AUTO_CEILING);
  const rung =
    Math.min(width, height) <= 360
      ? 'economical'
      : Math.min(width, height) <= 480
        ? '480p'
        : Math.min(width, height) <= 720
          ? '720p'
          : '1080p';
  return {
    ...ENCODING_PRESETS[rung].video,
    width,
    height,
    x264Preset: 'veryfast',
    fps: Math.min(Math.round(target.fps * 1000) / 1000, AUTO_CEILING.maxFps),
  };
}

/** Keep an encode inside the destinations' limits (size, bit rate). */
function withinLimits(encode: VideoEncode, limits: ReturnType<typeof strictestLimits>): VideoEncode {
  if (!limits) return encode;
  const out = { ...encode };
  if (out.width !== null && out.height !== null) [out.width, out.height] = fitWithin(out.width, out.height, limits);
  out.bitrateK = Math.min(out.bitrateK, limits.maxVideoKbps);
  out.maxrateK = Math.min(out.maxrateK, limits.maxVideoKbps);
  out.bufsizeK = Math.min(out.bufsizeK, out.maxrateK * 2);
  return out;
}

/** Codec arguments for one plan (after the `-map`s, before the muxer). */
export function buildCodecArgs(plan: RestreamPlan, options: CodecArgsOptions = {}): string[] {
  const args: string[] = [];
  if (plan.video.action === 'copy') args.push('-c:v', 'copy');
  if (plan.video.action === 'encode') args.push(...videoEncodeArgs(plan.video.encode, options));
  if (plan.audio.action === 'copy') args.push('-c:a', 'copy');
  if (plan.audio.action === 'encode') {
    args.push('-c:a', 'aac', '-b:a', `${plan.audio.encode.bitrateK}k`, '-ac', '2', '-ar', '48000');
  }
  return args;
}

export interface CodecArgsOptions {
  /**
   * The caller puts the encode's video filters (`videoFilters`) in its own `-filter_complex`
   * (a burnt-in subtitle track comes first): no `-vf` here.
   */
  videoFiltersInGraph?: boolean;
}

/** The encode's video filters: fit the frame (padding, never stretching), then a constant rate. */
export function videoFilters(encode: VideoEncode): string[] {
  const filters: string[] = [];
  if (encode.width !== null && encode.height !== null) {
    // Fit inside the frame and pad, so a 4:3 or vertical source is not stretched.
    const { width: w, height: h } = encode;
    filters.push(`scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1`);
  }
  // A constant rate: files of another rate, or a rate a platform refuses, are resampled in time.
  if (encode.fps !== undefined) filters.push(`fps=${encode.fps}`);
  return filters;
}

/**
 * Keyframes forced on the clock (not a frame count), so the interval holds for any or variable
 * frame rate; scene-cut keyframes are disabled so segments and GOPs stay regular.
 */
export function keyframeArgs(): string[] {
  return ['-force_key_frames', `expr:gte(t,n_forced*${KEYFRAME_INTERVAL_SEC})`, '-sc_threshold', '0'];
}

function videoEncodeArgs(encode: VideoEncode, options: CodecArgsOptions): string[] {
  const args = ['-c:v', 'libx264', '-preset', encode.x264Preset];
  args.push('-b:v', `${encode.bitrateK}k`, '-maxrate', `${encode.maxrateK}k`, '-bufsize', `${encode.bufsizeK}k`);
  const filters = videoFilters(encode);
  if (filters.length > 0 && !options.videoFiltersInGraph) args.push('-vf', filters.join(','));
  args.push('-pix_fmt', 'yuv420p', ...keyframeArgs());
  return args;
}
