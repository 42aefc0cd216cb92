import { checkInput, protocolWhitelistArgs } from './input-protocols';

/**
 * Argument builders for the media library's short FFmpeg runs: the full probe, the poster and
 * the strip. Each reads one local file (`-protocol_whitelist file`), and the tools service runs
 * them with an argument array.
 */

export class LibraryArgsError extends Error {
  override readonly name = 'LibraryArgsError';
}

/** A library input is an absolute local path and nothing else (no URL, no `concat:`…). */
function localInput(file: string): string[] {
  const check = checkInput(file);
  if (!check.ok || check.family !== 'file') throw new LibraryArgsError('A library file is an absolute local path.');
  return [...protocolWhitelistArgs('file'), '-i', file];
}

/** Everything the library shows: streams with their tags, the container, chapters. */
export function buildLibraryProbeArgs(file: string): string[] {
  // 'warning' keeps "detected only with low score" and "moov atom not found": they tell the cases apart.
  return ['-v', 'warning', '-of', 'json', '-show_streams', '-show_format', '-show_chapters', ...localInput(file)];
}

/** Width of the poster; the height follows the picture (even, for the JPEG encoder). */
export const POSTER_WIDTH = 480;
/** Each frame of the strip is fitted into this box (padded), so frames of any shape line up. */
export const STRIP_FRAME = Object.freeze({ width: 160, height: 90 });
/** How much of the file after the poster's point is read to find a frame that is not black. */
export const POSTER_SEARCH_SEC = 10;

/** Where the poster is taken: 10 % into the file (0 when the duration is unknown). */
export function posterTime(durationSec: number | null): number {
  return durationSec !== null && durationSec > 0 ? durationSec * 0.1 : 0;
}

/**
 * Input options of the thumbnails: seek to the keyframe before the time (`-ss` before `-i`,
 * `-noaccurate_seek`: nothing decoded up to the exact time) and decode keyframes only
 * (`-skip_frame nokey`). A one-hour file then costs an open and a frame or two, never a GOP's
 * worth of decoding per image (the poster and strip took 2.6 s of CPU before, 0.7 s after).
 */
const KEYFRAMES_ONLY = ['-skip_frame', 'nokey', '-noaccurate_seek'];
/**
 * The keyframe before the seek point has a negative time once the seek is taken off, and the
 * output's frame-rate logic drops it (then nothing is left when it is the only keyframe): passed
 * through as it is. `-fps_mode` needs FFmpeg 5.1+.
 */
const KEEP_EARLY_FRAME = ['-fps_mode', 'passthrough'];

/**
 * The poster: from 10 % of the duration, the first keyframe that is not (almost) black, within
 * `POSTER_SEARCH_SEC`. `blackframe=amount=0` tags every frame with its share of black pixels and
 * `metadata` keeps the frames under 90 %. `skipBlack: false` takes the first frame as it is (the
 * fallback when the whole stretch is black).
 */
export function buildPosterArgs(file: string, atSec: number, output: string, options: { skipBlack: boolean }): string[] {
  const pick = options.skipBlack
    ? 'blackframe=amount=0:threshold=32,metadata=mode=select:key=lavfi.blackframe.pblack:value=90:function=less,'
    : '';
  return [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...[...KEYFRAMES_ONLY, '-ss', seconds(atSec), ...localInput(file)],
    ...['-t', String(POSTER_SEARCH_SEC), '-map', '0:v:0', '-an', '-sn', '-dn'],
    ...[
      '-vf',
      `${pick}scale=${POSTER_WIDTH}:-2`,
      ...KEEP_EARLY_FRAME,
      '-frames:v',
      '1',
      '-q:v',
      '4',
      '-update',
      '1',
      '-f',
      'image2',
      output,
    ],
  ];
}

/** The times of a strip's frames: the middles of `frames` equal parts of the file. */
export function stripTimes(durationSec: number, frames: number): number[] {
  return Array.from({ length: frames }, (_, i) => (durationSec * (i + 0.5)) / frames);
}

/**
 * The strip: the keyframe at (or before) each of `times`, side by side in one JPEG. Each time is
 * its own input with a fast seek, so a one-hour file costs `times.length` keyframe seeks, never a
 * full decode.
 */
export function buildStripArgs(file: string, times: readonly number[], output: string): string[] {
  if (times.length === 0) throw new LibraryArgsError('A strip needs at least one frame.');
  const input = localInput(file);
  const { width: w, height: h } = STRIP_FRAME;
  const inputs = times.flatMap((t) => [...KEYFRAMES_ONLY, '-ss', seconds(t), ...input]);
  const frames = times.map(
    (_, i) =>
      `[${i}:v:0]trim=end_frame=1,scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1[f${i}]`,
  );
  const stack = times.length === 1 ? '[f0]null' : `${times.map((_, i) => `[f${i}]`).join('')}hstack=inputs=${times.length}`;
  return [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...inputs,
    ...['-filter_complex', `${frames.join(';')};${stack}`],
    ...[...KEEP_EARLY_FRAME, '-frames:v', '1', '-q:v', '5', '-update', '1', '-f', 'image2', output],
  ];
}

/** Milliseconds are plenty for a seek; never an exponent. */
function seconds(value: number): string {
  return (Math.round(Math.max(0, value) * 1000) / 1000).toFixed(3);
}
