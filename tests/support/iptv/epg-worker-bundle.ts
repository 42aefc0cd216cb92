import path from 'node:path';
import { bundleNodeScript } from '../bundle-node-script';

let bundled: Promise<string> | undefined;

/**
 * The EPG worker built from sources, as electron-vite builds it for the app (tests run from
 * TypeScript, which a worker thread cannot load). Built once per test process.
 */
export function bundledEpgWorker(): Promise<string> {
  bundled ??= bundleNodeScript(path.resolve(import.meta.dirname, '../../../electron/engine/iptv/epg/epg-worker.ts'));
  return bundled;
}

let bundledM3u: Promise<string> | undefined;

/** The M3U worker built from sources, likewise. */
export function bundledM3uWorker(): Promise<string> {
  bundledM3u ??= bundleNodeScript(path.resolve(import.meta.dirname, '../../../electron/engine/iptv/m3u/m3u-worker.ts'));
  return bundledM3u;
}
