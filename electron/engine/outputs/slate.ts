import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSlateArgs, SLATE_PLAYLIST } from '@shared/ffmpeg/slate-args';
import type { FfmpegTools } from '../ffmpeg/ffmpeg-tools';
import { playlistSegments } from '../hls/hls-bitrate';

/** The slate's segments, in play order, as files the outputs loop. */
export interface SlateClip {
  readonly segments: readonly { readonly file: string; readonly durationSec: number }[];
}

/** Bumped when the recipe changes, so an older slate on disk is made again. */
const SLATE_VERSION = 1;
const MANIFEST = 'slate.json';

/**
 * The slate, made once per data folder with FFmpeg (through the tools service) and reused at
 * every start. Made in a temporary folder then renamed, so a crash never leaves half a clip.
 * Null (logged) when FFmpeg is missing or fails: outputs then have nothing to show between lives.
 */
export async function ensureSlate(
  root: string,
  ffmpeg: Pick<FfmpegTools, 'run'>,
  log: (message: string, error?: unknown) => void,
): Promise<SlateClip | null> {
  const dir = path.join(root, 'slate');
  const existing = await readClip(dir);
  if (existing) return existing;
  const work = `${dir}.making`;
  for (const withText of [true, false]) {
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
    const result = await ffmpeg
      .run('ffmpeg', buildSlateArgs({ dir: work, withText }), { timeoutMs: 60_000 })
      .catch((error: unknown) => {
        log('The "back soon" slate could not be made: FFmpeg is not available', error);
        return null;
      });
    if (!result) break;
    if (result.ended === 'exit' && result.code === 0) {
      await writeFile(path.join(work, MANIFEST), JSON.stringify({ version: SLATE_VERSION }));
      await rm(dir, { recursive: true, force: true });
      await rename(work, dir);
      return readClip(dir);
    }
    // Without a font library FFmpeg has no drawtext: a plain card is still better than a 404.
    log(
      `Making the slate${withText ? ' with its words' : ''} failed: ${result.stderr.trim().split('\n').at(-1) ?? result.ended}`,
    );
  }
  await rm(work, { recursive: true, force: true });
  return null;
}

async function readClip(dir: string): Promise<SlateClip | null> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as { version?: unknown };
    if (manifest.version !== SLATE_VERSION) return null;
    const playlist = await readFile(path.join(dir, SLATE_PLAYLIST), 'utf8');
    const segments = playlistSegments(playlist).map((s) => ({ file: path.join(dir, s.uri), durationSec: s.seconds }));
    return segments.length > 0 && segments.every((s) => existsSync(s.file)) ? { segments } : null;
  } catch {
    return null;
  }
}
