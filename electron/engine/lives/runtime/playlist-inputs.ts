import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RpcError } from '@shared/contract/errors';
import type { ProbeResult } from '@shared/ffmpeg/probe-result';
import { buildConcatList } from '@shared/ffmpeg/source-args';
import type { FfmpegTools } from '../../ffmpeg/ffmpeg-tools';
import { spawnFfmpeg } from '../../ffmpeg/runner';

export interface PlaylistContext {
  /** For the FFmpeg processes this run spawns (supervised, see runner.ts). */
  readonly ffmpegPath: string;
  /** Probes go through the engine's tools service. */
  readonly ffmpeg: Pick<FfmpegTools, 'probe'>;
  readonly dataDir: string;
  readonly probeTimeoutMs: number;
  /** Aborted when the live is stopped while it is being prepared: kills the probes in flight. */
  readonly signal?: AbortSignal | undefined;
}

/** Probes (and remuxes) run this many at a time: a 500-file playlist must not start 500 ffprobes. */
const PARALLEL = 4;

/**
 * Every file of a playlist, probed in order, for `auto` (mixed formats) and for resuming (each
 * file's duration). A file that cannot be read fails the start now, naming it: it would fail
 * the live later anyway, mid-stream.
 */
export async function probePlaylist(paths: readonly string[], ctx: PlaylistContext): Promise<ProbeResult[]> {
  return mapLimited(paths, async (file, index) => {
    const outcome = await ctx.ffmpeg.probe(file, { timeoutMs: ctx.probeTimeoutMs, signal: ctx.signal });
    if (outcome.ok) return outcome.probe;
    throw new RpcError('INVALID_STATE', `Playlist file ${index + 1} (${path.basename(file)}): ${outcome.message}`);
  });
}

/**
 * Copies of the playlist's files as MPEG-TS (remuxed, not re-encoded), so they share one 90 kHz
 * time base: the concat demuxer reads every file's timestamps in the FIRST file's time base,
 * which mis-times files of another rate (see `comparePlaylist`). Kept in
 * `dataDir/cache/playlist-ts/`, named after each file's path, size and date, so later runs reuse
 * them; the folder may be deleted at any time. Returns the copies' paths, in order.
 */
export async function sharedTimeBaseCopies(paths: readonly string[], ctx: PlaylistContext): Promise<string[]> {
  const dir = path.join(ctx.dataDir, 'cache', 'playlist-ts');
  mkdirSync(dir, { recursive: true });
  return mapLimited(paths, async (file, index) => {
    const stat = statSync(file);
    const key = createHash('sha256').update(`${file}\0${stat.size}\0${stat.mtimeMs}\0all-audio`).digest('hex').slice(0, 32);
    const copy = path.join(dir, `${key}.ts`);
    try {
      statSync(copy);
      return copy;
    } catch {
      // not made yet
    }
    const partial = `${copy}.${process.pid}.partial`;
    const remux = spawnFfmpeg(
      // No mux delay: the copy starts at 0, so a resume's `inpoint` means the same as in the original.
      // Every audio track is kept: the live may play one chosen by language (its rank is unchanged).
      [
        ...['-i', file, '-map', '0:v:0?', '-map', '0:a?', '-c', 'copy'],
        ...['-muxdelay', '0', '-muxpreload', '0', '-avoid_negative_ts', 'make_zero', '-f', 'mpegts', partial],
      ],
      { ffmpegPath: ctx.ffmpegPath, logLevel: 'error', label: `playlist file ${index + 1} → MPEG-TS` },
    );
    const exit = await remux.exited;
    if (exit.code !== 0) {
      rmSync(partial, { force: true });
      throw new RpcError(
        'INVALID_STATE',
        `Playlist file ${index + 1} (${path.basename(file)}) could not be prepared for playing.`,
      );
    }
    renameSync(partial, copy);
    return copy;
  });
}

/** The ffconcat list of these files, written for this live; returns its path. */
export function writePlaylistList(dataDir: string, liveId: string, files: readonly string[]): string {
  const dir = path.join(dataDir, 'run');
  mkdirSync(dir, { recursive: true });
  const listPath = path.join(dir, `${liveId}.shared-tb.ffconcat`);
  writeFileSync(listPath, buildConcatList(files));
  return listPath;
}

async function mapLimited<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(PARALLEL, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}
