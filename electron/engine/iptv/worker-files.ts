import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The worker scripts electron.vite.config.ts builds beside the engine's entries (out/main/). */
export const EPG_WORKER_FILE = 'iptv-epg-worker.js';
export const M3U_WORKER_FILE = 'iptv-m3u-worker.js';

/**
 * Where a built worker script is: next to the bundle that holds the engine, which may be a chunk
 * one folder down. Null when running from sources (tests pass bundled copies).
 */
export function builtWorkerFile(name: string): string | null {
  for (const candidate of [`./${name}`, `../${name}`]) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(file)) return file;
  }
  return null;
}
