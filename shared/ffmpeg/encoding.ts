import type { ProbeResult, ProbedAudio, ProbedVideo } from './probe-result';

export type EncodingPresetId = 'economical' | '480p' | '720p' | '1080p';
export const ENCODING_PRESET_IDS: readonly EncodingPresetId[] = ['economical', '480p', '720p', '1080p'];

/** `auto` copies what RTMP/FLV and HLS accept and re-encodes only the rest; a preset always encodes. */
export type EncodingChoice = { mode: 'auto' } | { mode: 'preset'; preset: EncodingPresetId };

export interface VideoEncode {
  /** Output frame size; null keeps the source size (auto re-encode of a small enough source). */
  width: number | null;
  height: number | null;
  bitrateK: number;
  maxrateK: number;
  bufsizeK: number;
  x264Preset: 'ultrafast' | 'superfast' | 'veryfast' | 'faster';
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
  return { ...base, width: null, height: null, x264Preset: 'veryfast' };
}

/** 8-bit 4:2:0 (what every platform decodes); High 10 or 4:2:2 H.264 must be re-encoded. */
const PLAYABLE_PIXEL_FORMATS = new Set(['yuv420p', 'yuvj420p']);

function videoNeedsEncode(video: ProbedVideo): string | null {
  if (video.codec !== 'h264') return `video is ${video.codec.toUpperCase()}, the outputs take H.264`;
  if (video.pixelFormat && !PLAYABLE_PIXEL_FORMATS.has(video.pixelFormat)) {
    return `H.264 video is ${video.pixelFormat}, platforms need 8-bit 4:2:0`;
  }
  return null;
}

function audioNeedsEncode(audio: ProbedAudio): string | null {
  if (audio.codec !== 'aac') return `audio is ${audio.codec.toUpperCase()}, the outputs take AAC`;
  // Twitch and Facebook take stereo only; re-encoding audio costs little next to video.
  if (audio.channels !== null && audio.channels > 2) return `AAC audio has ${audio.channels} channels, platforms take stereo`;
  return null;
}

/**
 * Decide copy or encode for each stream. `auto` needs the probe of the source; without one
 * (the probe failed or timed out on a live URL) both streams are re-encoded at 720p, the safe
 * choice. A preset always encodes both.
 */
export function planEncoding(choice: EncodingChoice, probe: ProbeResult | null): RestreamPlan {
  const video = probe?.video[0];
  const audio = probe?.audio[0];
  if (choice.mode === 'preset') {
    const preset = ENCODING_PRESETS[choice.preset];
    return {
      video: probe && !video ? { action: 'none' } : { action: 'encode', encode: { ...preset.video } },
      audio: probe && !audio ? { action: 'none' } : { action: 'encode', encode: { ...preset.audio } },
      reasons: [`preset ${choice.preset}`],
    };
  }
  if (!probe) {
    return {
      video: { action: 'encode', encode: { ...ENCODING_PRESETS['720p'].video } },
      audio: { action: 'encode', encode: { ...AUTO_AUDIO } },
      reasons: ['source could not be probed, re-encoding both streams to be safe'],
    };
  }
  const reasons: string[] = [];
  let videoPlan: VideoPlan = { action: 'none' };
  if (video) {
    const why = videoNeedsEncode(video);
    if (why) reasons.push(why);
    videoPlan = why ? { action: 'encode', encode: autoVideoEncode(video) } : { action: 'copy' };
  }
  let audioPlan: AudioPlan = { action: 'none' };
  if (audio) {
    const why = audioNeedsEncode(audio);
    if (why) reasons.push(why);
    audioPlan = why ? { action: 'encode', encode: { ...AUTO_AUDIO } } : { action: 'copy' };
  }
  return { video: videoPlan, audio: audioPlan, reasons };
}

/** Codec arguments for one plan (after the `-map`s, before the muxer). */
export function buildCodecArgs(plan: RestreamPlan): string[] {
  const args: string[] = [];
  if (plan.video.action === 'copy') args.push('-c:v', 'copy');
  if (plan.video.action === 'encode') args.push(...videoEncodeArgs(plan.video.encode));
  if (plan.audio.action === 'copy') args.push('-c:a', 'copy');
  if (plan.audio.action === 'encode') {
    args.push('-c:a', 'aac', '-b:a', `${plan.audio.encode.bitrateK}k`, '-ac', '2', '-ar', '48000');
  }
  return args;
}

function videoEncodeArgs(encode: VideoEncode): string[] {
  const args = ['-c:v', 'libx264', '-preset', encode.x264Preset];
  args.push('-b:v', `${encode.bitrateK}k`, '-maxrate', `${encode.maxrateK}k`, '-bufsize', `${encode.bufsizeK}k`);
  if (encode.width !== null && encode.height !== null) {
    // Fit inside the frame and pad, so a 4:3 or vertical source is not stretched.
    const { width: w, height: h } = encode;
    args.push('-vf', `scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1`);
  }
  // Keyframes forced on the clock (not a frame count), so the interval holds for any or variable
  // frame rate; scene-cut keyframes are disabled so segments and GOPs stay regular.
  args.push('-pix_fmt', 'yuv420p', '-force_key_frames', `expr:gte(t,n_forced*${KEYFRAME_INTERVAL_SEC})`, '-sc_threshold', '0');
  return args;
}
