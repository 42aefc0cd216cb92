/**
 * The "back soon" slate a public output plays while nothing feeds it: a still card with silent
 * stereo audio, made once by FFmpeg as a short HLS clip the output loops. H.264 + AAC like every
 * feed, so players switch between the two with a discontinuity and nothing else.
 */
export interface SlateOptions {
  /** Folder for the clip's segments (`slate-<n>.ts`) and its playlist. */
  dir: string;
  /** Draw the words; false where FFmpeg has no drawtext (no font library): a plain card. */
  withText: boolean;
}

export const SLATE = Object.freeze({ seconds: 10, segmentSec: 2, width: 1280, height: 720, fps: 25 });
export const SLATE_PLAYLIST = 'slate.m3u8';

const TEXT = [
  { text: 'Back soon', size: 72, y: '(h/2)-90' },
  { text: 'De retour bientôt', size: 44, y: '(h/2)+20' },
];

export function buildSlateArgs(options: SlateOptions): string[] {
  const dir = options.dir.replace(/[\\/]+$/, '');
  const { seconds, segmentSec, width, height, fps } = SLATE;
  const words = TEXT.map((t) => `drawtext=text='${t.text}':fontcolor=white:fontsize=${t.size}:x=(w-text_w)/2:y=${t.y}`);
  return [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `color=c=0x1b2130:s=${width}x${height}:r=${fps}:d=${seconds}`],
    ...['-f', 'lavfi', '-i', 'anullsrc=channel_layout=stereo:sample_rate=48000'],
    ...(options.withText ? ['-vf', words.join(',')] : []),
    ...['-t', String(seconds), '-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'stillimage', '-pix_fmt', 'yuv420p', '-b:v', '300k'],
    ...['-g', String(fps * segmentSec), '-keyint_min', String(fps * segmentSec), '-sc_threshold', '0'],
    ...['-c:a', 'aac', '-b:a', '64k', '-ac', '2'],
    ...['-f', 'hls', '-hls_time', String(segmentSec), '-hls_list_size', '0', '-hls_flags', 'independent_segments'],
    ...['-hls_segment_filename', `${dir}/slate-%d.ts`, `${dir}/${SLATE_PLAYLIST}`],
  ];
}

/** A square channel logo for M3U players: the output's initial on a colour of its own. */
export function buildLogoArgs(file: string, options: { initial: string; hue: number; withText: boolean }): string[] {
  // Only a letter or a digit is ever drawn: nothing a filter graph could read as syntax.
  const initial = /^[A-Z0-9]$/.test(options.initial) ? options.initial : '';
  const color = hslToHex(options.hue, 0.45, 0.35);
  const text =
    options.withText && initial
      ? ['-vf', `drawtext=text='${initial}':fontcolor=white:fontsize=150:x=(w-text_w)/2:y=(h-text_h)/2`]
      : [];
  return [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `color=c=0x${color}:s=256x256`],
    ...text,
    ...['-frames:v', '1', '-f', 'image2', '-c:v', 'png', file],
  ];
}

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const k = (n: number): number => (n + hue / 30) % 12;
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number): string =>
    Math.round(255 * (lightness - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))))
      .toString(16)
      .padStart(2, '0');
  return `${channel(0)}${channel(8)}${channel(4)}`;
}
