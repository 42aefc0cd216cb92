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
