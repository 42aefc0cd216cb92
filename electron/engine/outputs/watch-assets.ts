import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One built file of the watch page, named by its content so it can be cached for good. */
export interface WatchAsset {
  readonly name: string;
  readonly type: string;
  readonly body: Buffer;
}

export interface WatchAssets {
  readonly script: WatchAsset;
  readonly style: WatchAsset;
}

/** The files `scripts/build-watch-page.mjs` writes (out/watch/). */
export const WATCH_FILES = { script: 'watch.js', style: 'watch.css' } as const;

/** Where the single-file agent bundle puts the same files (scripts/build-agent.mjs). */
const EMBEDDED = Symbol.for('livemanager.watchAssets');

/**
 * The watch page's script (hls.js inside) and style, built at build time. Found, in order: in
 * `dir` when given (tests build their own), inside the agent's one-file bundle, or in `out/watch/`
 * beside the bundle that holds the engine (out/main/ or a chunk below it). Null when this build
 * has none: the watch page then answers 503, the playlists still work.
 */
export async function loadWatchAssets(dir?: string): Promise<WatchAssets | null> {
  const embedded = (globalThis as Record<symbol, unknown>)[EMBEDDED] as Partial<Record<string, string>> | undefined;
  const [script, style] = [embedded?.[WATCH_FILES.script], embedded?.[WATCH_FILES.style]];
  if (dir === undefined && script && style) return assetsOf(Buffer.from(script), Buffer.from(style));
  const candidates =
    dir !== undefined ? [dir] : ['../watch', '../../watch'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  for (const candidate of candidates) {
    const [script, style] = await Promise.all([
      readFile(path.join(candidate, WATCH_FILES.script)).catch(() => null),
      readFile(path.join(candidate, WATCH_FILES.style)).catch(() => null),
    ]);
    if (script && style) return assetsOf(script, style);
  }
  return null;
}

function assetsOf(script: Buffer, style: Buffer): WatchAssets {
  const hashed = (body: Buffer, ext: string, type: string): WatchAsset => ({
    name: `watch-${createHash('sha256').update(body).digest('hex').slice(0, 12)}.${ext}`,
    type,
    body,
  });
  return {
    script: hashed(script, 'js', 'text/javascript; charset=utf-8'),
    style: hashed(style, 'css', 'text/css; charset=utf-8'),
  };
}
