import path from 'node:path';
import { bundleNodeScript } from '../bundle-node-script';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const bundles = new Map<string, Promise<string>>();

/**
 * A worker thread script built from sources, as electron-vite builds it for the app (tests run
 * from TypeScript, which a worker thread cannot load). Built once per test process.
 */
function bundled(entry: string): Promise<string> {
  let file = bundles.get(entry);
  if (!file) {
    file = bundleNodeScript(path.join(ROOT, entry));
    bundles.set(entry, file);
  }
  return file;
}

export function bundledEpgWorker(): Promise<string> {
  return bundled('electron/engine/iptv/epg/epg-worker.ts');
}

export function bundledM3uWorker(): Promise<string> {
  return bundled('electron/engine/iptv/m3u/m3u-worker.ts');
}
