import { execFile } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Files a media library meets in the wild, made with FFmpeg at test time (never committed):
 * broken ones, unusual ones, and names that break naive code. Each maps to what the library
 * must say about it (tests/../library-hostile.test.ts).
 */
export type HostileName =
  | 'empty'
  | 'text'
  | 'truncated'
  | 'audioOnly'
  | 'videoOnly'
  | 'eightK'
  | 'hevc'
  | 'ac3'
  | 'vfr'
  | 'odd'
  | 'hugeMetadata'
  | 'quotes'
  | 'unicode'
  | 'newline';

export const HOSTILE_FILES: Readonly<Record<HostileName, string>> = {
  empty: 'empty.mp4',
  text: 'notes.mp4',
  truncated: 'truncated.mp4',
  audioOnly: 'podcast.m4a',
  videoOnly: 'silent.mp4',
  eightK: 'eight-k.mp4',
  hevc: 'hevc.mkv',
  ac3: 'dolby-ac3.mkv',
  vfr: 'variable-rate.mp4',
  odd: 'odd-size.mp4',
  hugeMetadata: 'huge-metadata.mp4',
  quotes: `it's "quoted" – $(rm -rf) & ; done.mp4`,
  unicode: 'Été à Montréal 日本語 🎬.mp4',
  newline: 'line\nbreak.mp4',
};

const lavfi = (video: string, audio?: string): string[] => [
  ...['-f', 'lavfi', '-i', video],
  ...(audio ? ['-f', 'lavfi', '-i', audio] : []),
];
const H264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
const AAC = ['-c:a', 'aac', '-b:a', '96k'];

async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { timeout: 180_000 });
}

/** A short, ordinary H.264/AAC MP4 (moov at the end unless `faststart`). */
export async function ordinaryClip(
  file: string,
  seconds = 3,
  options: { size?: string; faststart?: boolean; tone?: number } = {},
): Promise<string> {
  await ffmpeg([
    ...lavfi(
      `testsrc2=size=${options.size ?? '320x240'}:rate=25:duration=${seconds}`,
      `sine=frequency=${options.tone ?? 440}:sample_rate=48000:duration=${seconds}`,
    ),
    ...H264,
    ...['-g', '50'],
    ...AAC,
    ...(options.faststart ? ['-movflags', '+faststart'] : []),
    file,
  ]);
  return file;
}

/** Make the whole corpus in `dir` (the newline name in a subfolder, as a folder scan finds it); returns the paths. */
export async function makeHostileCorpus(dir: string): Promise<Record<HostileName, string>> {
  await mkdir(dir, { recursive: true });
  await mkdir(path.join(dir, 'scanned'), { recursive: true });
  // Intermediate files in a hidden folder: a folder scan skips it.
  const work = path.join(dir, '.work');
  await mkdir(work, { recursive: true });
  const at = (name: HostileName): string =>
    name === 'newline' ? path.join(dir, 'scanned', HOSTILE_FILES[name]) : path.join(dir, HOSTILE_FILES[name]);
  await writeFile(at('empty'), '');
  await writeFile(at('text'), 'Shopping list\n- milk\n- eggs\nThis is not a video.\n');
  const whole = await ordinaryClip(path.join(work, 'whole.mp4'), 4);
  const bytes = await readFile(whole);
  await writeFile(at('truncated'), bytes.subarray(0, Math.floor(bytes.length * 0.4)));
  await ffmpeg([...lavfi('sine=frequency=440:sample_rate=48000:duration=3'), ...AAC, at('audioOnly')]);
  await ffmpeg([...lavfi('testsrc2=size=320x240:rate=25:duration=3'), ...H264, at('videoOnly')]);
  await ffmpeg([...lavfi('testsrc2=size=7680x4320:rate=5:duration=1'), ...H264, at('eightK')]);
  await ffmpeg([
    ...lavfi('testsrc2=size=640x360:rate=25:duration=3', 'sine=frequency=330:sample_rate=48000:duration=3'),
    ...['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-pix_fmt', 'yuv420p'],
    ...AAC,
    at('hevc'),
  ]);
  await ffmpeg([
    ...lavfi('testsrc2=size=320x240:rate=25:duration=3', 'sine=frequency=330:sample_rate=48000:duration=3'),
    ...H264,
    ...['-c:a', 'ac3', '-b:a', '192k'],
    at('ac3'),
  ]);
  // The first half at 30 fps, then one frame in three: the nominal and average rates differ.
  await ffmpeg([
    ...lavfi('testsrc2=size=320x240:rate=30:duration=3', 'sine=duration=3'),
    ...['-vf', "select='if(lt(t,1.5),1,not(mod(n,3)))'", '-vsync', 'vfr'],
    ...H264,
    ...AAC,
    at('vfr'),
  ]);
  // 4:4:4 allows an odd frame (4:2:0 does not): 641x361.
  await ffmpeg([
    ...lavfi('testsrc2=size=640x360:rate=25:duration=3', 'sine=duration=3'),
    ...['-vf', 'scale=641:361,format=yuv444p', '-c:v', 'libx264', '-preset', 'ultrafast'],
    ...AAC,
    at('odd'),
  ]);
  // 200 KiB of comment: more than a command line takes, so it goes through an ffmetadata file.
  const metadata = path.join(work, 'meta.txt');
  await writeFile(metadata, `;FFMETADATA1\ntitle=${'Very long title '.repeat(40)}\ncomment=${'x'.repeat(200 * 1024)}\n`);
  await ffmpeg([
    ...lavfi('testsrc2=size=320x240:rate=25:duration=3', 'sine=duration=3'),
    ...['-i', metadata, '-map', '0:v', '-map', '1:a', '-map_metadata', '2'],
    ...H264,
    ...AAC,
    at('hugeMetadata'),
  ]);
  // Different tones: the same bytes three times would be one item and two duplicates.
  await ordinaryClip(at('quotes'), 3, { faststart: true, tone: 550 });
  await ordinaryClip(at('unicode'), 3, { faststart: true, tone: 660 });
  await ordinaryClip(at('newline'), 3, { faststart: true, tone: 770 });
  const paths = Object.fromEntries((Object.keys(HOSTILE_FILES) as HostileName[]).map((name) => [name, at(name)]));
  for (const file of Object.values(paths)) await stat(file);
  return paths as Record<HostileName, string>;
}

/**
 * A file with two audio tracks in two languages, told apart by their tone (English 440 Hz,
 * French 1000 Hz), and a French text subtitle track: what a live picks a language from.
 */
export async function bilingualClip(file: string, seconds = 20): Promise<string> {
  const srt = `${file}.srt`;
  await writeFile(srt, `1\n00:00:00,000 --> 00:${String(Math.min(59, seconds)).padStart(2, '0')}:00,000\nBonjour à tous\n`);
  await ffmpeg([
    ...lavfi(`testsrc2=size=640x360:rate=25:duration=${seconds}`, `sine=frequency=440:sample_rate=48000:duration=${seconds}`),
    ...['-f', 'lavfi', '-i', `sine=frequency=1000:sample_rate=48000:duration=${seconds}`],
    ...['-i', srt],
    ...['-map', '0:v', '-map', '1:a', '-map', '2:a', '-map', '3:s'],
    ...H264,
    ...['-g', '50'],
    ...AAC,
    ...['-c:s', 'mov_text'],
    ...['-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fra', '-metadata:s:s:0', 'language=fra'],
    ...['-movflags', '+faststart'],
    file,
  ]);
  return file;
}
