import { createHash } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { LIBRARY_LIMITS, type MediaInfo } from '@shared/contract/library';
import { buildPosterArgs, buildStripArgs, posterTime, stripTimes } from '@shared/ffmpeg/library-args';
import type { FfmpegTools } from '../../ffmpeg/ffmpeg-tools';
import type { Thumbs } from '../items/item-store';

/** Bump when the images change (size, recipe): cached ones are then made again. */
const RECIPE = 2;

/** `dataDir/cache/library/<itemId>/`: thumbnails are a cache, deleting the folder only costs a remake. */
export function thumbsDirOf(dataDir: string, itemId: string): string {
  return path.join(dataDir, 'cache', 'library', itemId);
}

/** The name of a thumbnail file: the version makes a changed file's images new URLs (cached forever). */
export function thumbFileName(kind: 'poster' | 'strip', version: string): string {
  return `${kind}-${version}.jpg`;
}

/** A version per file state: the same file (size, date) keeps its images, a changed one gets new ones. */
export function thumbsVersion(sizeBytes: number, mtimeMs: number): string {
  return createHash('sha256')
    .update(`${RECIPE}:${sizeBytes}:${Math.round(mtimeMs)}`)
    .digest('hex')
    .slice(0, 16);
}

type Run = Pick<FfmpegTools, 'run'>;

function runner(tools: Run, signal: AbortSignal | undefined): (args: string[]) => Promise<unknown> {
  return (args) => tools.run('ffmpeg', args, { timeoutMs: 60_000, signal, maxOutputBytes: 1024 * 1024 });
}

/**
 * Make an item's poster in its cache folder (older versions removed first): what the item needs
 * to be shown as ready. No video track: no images. The strip comes after (`makeStrip`, in the
 * background): it costs several seeks in the file. A failed image is left out, never an error.
 */
export async function makePoster(
  tools: Run,
  file: string,
  media: MediaInfo,
  dir: string,
  version: string,
  signal?: AbortSignal,
): Promise<Thumbs | null> {
  if (!media.video) return null;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const poster = path.join(dir, thumbFileName('poster', version));
  const run = runner(tools, signal);
  const at = posterTime(media.durationSec);
  await run(buildPosterArgs(file, at, poster, { skipBlack: true }));
  // A stretch that is black all through (a fade, a black intro): its first frame will do.
  if (!(await nonEmpty(poster))) await run(buildPosterArgs(file, at, poster, { skipBlack: false }));
  if (!(await nonEmpty(poster)) && at > 0) await run(buildPosterArgs(file, 0, poster, { skipBlack: false }));
  return { version, poster: await nonEmpty(poster), strip: false };
}

/** Make the strip beside the poster of the same version; true when it was written. */
export async function makeStrip(
  tools: Run,
  file: string,
  media: MediaInfo,
  dir: string,
  version: string,
  signal?: AbortSignal,
): Promise<boolean> {
  if (!media.video || media.durationSec === null || media.durationSec <= 0) return false;
  await mkdir(dir, { recursive: true });
  const strip = path.join(dir, thumbFileName('strip', version));
  await runner(tools, signal)(buildStripArgs(file, stripTimes(media.durationSec, LIBRARY_LIMITS.stripFrames), strip));
  return nonEmpty(strip);
}

async function nonEmpty(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => null);
  return info !== null && info.isFile() && info.size > 0;
}
