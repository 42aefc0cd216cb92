import type { AudioTrack, Chapter, MediaInfo, SubtitleTrack, VideoTrack } from '../contract/library';
import { hasControlCharacter } from '../format/control-characters';
import { languageOf, parseFrameRate } from '../ffmpeg/probe-result';

/** Strings from a file's tags are cut here: a title of a megabyte is not a title. */
export const TAG_TEXT_MAX = 200;
/** At most this many tracks and chapters are kept (a hostile file may declare thousands). */
const LIST_MAX = 64;
const CHAPTERS_MAX = 500;

/** Bitmap subtitle codecs; every other subtitle codec is text (SRT, ASS, mov_text, WebVTT…). */
const IMAGE_SUBTITLES = new Set(['hdmv_pgs_subtitle', 'dvd_subtitle', 'dvb_subtitle', 'xsub', 'dvb_teletext']);

/** Whether a subtitle codec draws bitmaps (overlaid when burnt in) or text (drawn by libass). */
export function subtitleKind(codec: string): 'text' | 'image' {
  return IMAGE_SUBTITLES.has(codec) ? 'image' : 'text';
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function num(value: unknown): number | null {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : null;
}

function positive(value: unknown): number | null {
  const parsed = num(value);
  return parsed !== null && parsed > 0 ? parsed : null;
}

/** A tag or codec string, trimmed, without control characters, cut to `TAG_TEXT_MAX`. */
export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = (hasControlCharacter(value) ? value.replace(/\p{Cc}+/gu, ' ') : value).trim();
  if (text === '' || text === 'unknown') return null;
  return text.length > TAG_TEXT_MAX ? `${text.slice(0, TAG_TEXT_MAX - 1)}…` : text;
}

function tagsOf(entry: Json): Json {
  return isObject(entry.tags) ? entry.tags : {};
}

function flag(entry: Json, name: string): boolean {
  const disposition = isObject(entry.disposition) ? entry.disposition : {};
  return disposition[name] === 1;
}

/**
 * The rate is variable when the nominal rate (`r_frame_rate`, what the container advertises)
 * and the average rate differ by more than rounding: frames are then not evenly spaced.
 */
function isVariableRate(stream: Json): boolean {
  const nominal = parseFrameRate(stream.r_frame_rate);
  const average = parseFrameRate(stream.avg_frame_rate);
  if (nominal === null || average === null) return false;
  return Math.abs(nominal - average) / nominal > 0.02;
}

/** The whole of what the library shows, from `ffprobe -of json -show_streams -show_format -show_chapters`. */
export function parseMediaInfo(text: string): MediaInfo | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(parsed) || !isObject(parsed.format)) return null;
  const format = parsed.format;
  const streams = Array.isArray(parsed.streams) ? parsed.streams.filter(isObject) : [];
  let video: VideoTrack | null = null;
  const audio: AudioTrack[] = [];
  const subtitles: SubtitleTrack[] = [];
  for (const [i, stream] of streams.entries()) {
    const index = num(stream.index) ?? i;
    const codec = cleanText(stream.codec_name) ?? 'unknown';
    if (stream.codec_type === 'video' && !flag(stream, 'attached_pic')) {
      video ??= {
        index,
        codec,
        profile: cleanText(stream.profile),
        level: positive(stream.level),
        width: positive(stream.width),
        height: positive(stream.height),
        fps: parseFrameRate(stream.avg_frame_rate) ?? parseFrameRate(stream.r_frame_rate),
        bitRate: positive(stream.bit_rate),
        pixelFormat: cleanText(stream.pix_fmt),
        variableFrameRate: isVariableRate(stream),
      };
    } else if (stream.codec_type === 'audio' && audio.length < LIST_MAX) {
      audio.push({
        index,
        position: audio.length,
        codec,
        profile: cleanText(stream.profile),
        channels: positive(stream.channels),
        channelLayout: cleanText(stream.channel_layout),
        sampleRate: positive(stream.sample_rate),
        bitRate: positive(stream.bit_rate),
        language: languageOf(stream),
        title: cleanText(tagsOf(stream).title),
        isDefault: flag(stream, 'default'),
      });
    } else if (stream.codec_type === 'subtitle' && subtitles.length < LIST_MAX) {
      subtitles.push({
        index,
        position: subtitles.length,
        codec,
        language: languageOf(stream),
        title: cleanText(tagsOf(stream).title),
        kind: subtitleKind(codec),
        isDefault: flag(stream, 'default'),
        forced: flag(stream, 'forced'),
      });
    }
  }
  const chapters: Chapter[] = (Array.isArray(parsed.chapters) ? parsed.chapters.filter(isObject) : [])
    .slice(0, CHAPTERS_MAX)
    .map((chapter) => ({
      startSec: num(chapter.start_time) ?? 0,
      endSec: num(chapter.end_time) ?? 0,
      title: cleanText(tagsOf(chapter).title),
    }));
  return {
    container: cleanText(format.format_name) ?? 'unknown',
    containerName: cleanText(format.format_long_name),
    durationSec: positive(format.duration),
    bitRate: positive(format.bit_rate),
    video,
    audio,
    subtitles,
    chapters,
    title: cleanText(tagsOf(format).title),
  };
}

/** Bytes of text in every tag of the file (format, streams, chapters): what "huge metadata" measures. */
export function metadataBytes(text: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 0;
  }
  if (!isObject(parsed)) return 0;
  const entries: Json[] = [
    ...(isObject(parsed.format) ? [parsed.format] : []),
    ...(Array.isArray(parsed.streams) ? parsed.streams.filter(isObject) : []),
    ...(Array.isArray(parsed.chapters) ? parsed.chapters.filter(isObject) : []),
  ];
  let bytes = 0;
  for (const entry of entries) {
    for (const [key, value] of Object.entries(tagsOf(entry)))
      bytes += key.length + (typeof value === 'string' ? value.length : 0);
  }
  return bytes;
}
