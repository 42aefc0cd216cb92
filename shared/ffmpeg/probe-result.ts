/** What ffprobe tells about a source, reduced to what planning a restream needs. */
export interface ProbedVideo {
  index: number;
  /** FFmpeg codec name: `h264`, `hevc`, `vp9`, `av1`, `mpeg2video`, … */
  codec: string;
  profile: string | null;
  pixelFormat: string | null;
  width: number | null;
  height: number | null;
  /** Frames per second from `avg_frame_rate` (or `r_frame_rate`), null when unknown. */
  fps: number | null;
  /** H.264/HEVC level as ffprobe prints it (×10: 42 is level 4.2), null when unknown. */
  level?: number | null;
  /** The stream's own bit rate (bit/s), null when the container does not say. */
  bitRate?: number | null;
  /** The stream's time base (`1/12800`): files concatenated as they are must share it. */
  timeBase?: string | null;
}

export interface ProbedAudio {
  index: number;
  /** `aac`, `ac3`, `eac3`, `mp3`, `opus`, … */
  codec: string;
  profile: string | null;
  channels: number | null;
  sampleRate: number | null;
  timeBase?: string | null;
  /** ISO 639 code from the stream's tags (`eng`, `fra`), null when untagged; picks a track by language. */
  language?: string | null;
}

/** Subtitle streams matter only when a live burns one in (its position picks it). */
export interface ProbedSubtitle {
  index: number;
  codec: string;
  language: string | null;
}

export interface ProbeResult {
  /** Demuxer name(s), e.g. `mov,mp4,m4a,3gp,3g2,mj2` or `mpegts`. */
  formatName: string;
  /** Seconds; null for live streams. */
  durationSec: number | null;
  bitRate: number | null;
  video: ProbedVideo[];
  audio: ProbedAudio[];
  /** Absent when the probe did not look (test patterns). */
  subtitles?: ProbedSubtitle[];
}

/** `30000/1001` → 29.97; `0/0` → null. */
export function parseFrameRate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const [num, den] = value.split('/').map(Number);
  if (num === undefined || !Number.isFinite(num) || num <= 0) return null;
  if (den === undefined) return num;
  if (!Number.isFinite(den) || den <= 0) return null;
  return Math.round((num / den) * 1000) / 1000;
}

function numberOrNull(value: unknown): number | null {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : null;
}

/** ffprobe prints -99 for an unknown level. */
function positiveOrNull(value: unknown): number | null {
  const parsed = numberOrNull(value);
  return parsed !== null && parsed > 0 ? parsed : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' && value !== 'unknown' ? value : null;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `ffprobe -of json -show_streams -show_format` output → ProbeResult, or null when the JSON has
 * no `format` (ffprobe printed `{}` because it could not open the input).
 */
export function parseFfprobeJson(text: string): ProbeResult | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(parsed) || !isObject(parsed.format)) return null;
  const streams = Array.isArray(parsed.streams) ? parsed.streams.filter(isObject) : [];
  const video: ProbedVideo[] = [];
  const audio: ProbedAudio[] = [];
  const subtitles: ProbedSubtitle[] = [];
  for (const stream of streams) {
    const index = numberOrNull(stream.index) ?? video.length + audio.length;
    const codec = stringOrNull(stream.codec_name) ?? 'unknown';
    const disposition = isObject(stream.disposition) ? stream.disposition : {};
    if (stream.codec_type === 'video' && disposition.attached_pic !== 1) {
      video.push({
        index,
        codec,
        profile: stringOrNull(stream.profile),
        pixelFormat: stringOrNull(stream.pix_fmt),
        width: numberOrNull(stream.width),
        height: numberOrNull(stream.height),
        fps: parseFrameRate(stream.avg_frame_rate) ?? parseFrameRate(stream.r_frame_rate),
        level: positiveOrNull(stream.level),
        bitRate: numberOrNull(stream.bit_rate),
        timeBase: stringOrNull(stream.time_base),
      });
    } else if (stream.codec_type === 'audio') {
      audio.push({
        index,
        codec,
        profile: stringOrNull(stream.profile),
        channels: numberOrNull(stream.channels),
        sampleRate: numberOrNull(stream.sample_rate),
        timeBase: stringOrNull(stream.time_base),
        language: languageOf(stream),
      });
    } else if (stream.codec_type === 'subtitle') {
      subtitles.push({ index, codec, language: languageOf(stream) });
    }
  }
  return {
    formatName: stringOrNull(parsed.format.format_name) ?? 'unknown',
    durationSec: numberOrNull(parsed.format.duration),
    bitRate: numberOrNull(parsed.format.bit_rate),
    video,
    audio,
    subtitles,
  };
}

/** The stream's `language` tag, lower case; null when absent or `und` (undetermined). */
export function languageOf(stream: Record<string, unknown>): string | null {
  const tags = isObject(stream.tags) ? stream.tags : {};
  const value = stringOrNull(tags.language)?.trim().toLowerCase() ?? null;
  return value && value !== 'und' && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(value) ? value : null;
}
