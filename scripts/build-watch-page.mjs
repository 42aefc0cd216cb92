// @ts-check
// Build the viewers' watch page (renderer/src/outputs/watch-page/): ONE minified script with
// hls.js inside, and its style. The engine serves them from its public listener under
// content-hashed names (electron/engine/outputs/watch-assets.ts); electron-vite's main build
// calls this after bundling (out/watch/), the agent's bundle embeds the same two files.
//   node scripts/build-watch-page.mjs [--out DIR]     (default out/watch)
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Writes `watch.js` and `watch.css` into `outDir`; resolves to their paths. `root` is the
 * repository: electron-vite bundles its config (and this file with it) elsewhere, so it says.
 */
export async function buildWatchPage(outDir = path.join(ROOT, 'out/watch'), root = ROOT) {
  const SOURCE = path.join(root, 'renderer/src/outputs/watch-page');
  await mkdir(outDir, { recursive: true });
  const script = path.join(outDir, 'watch.js');
  const style = path.join(outDir, 'watch.css');
  await build({
    input: path.join(SOURCE, 'main.ts'),
    platform: 'browser',
    logLevel: 'warn',
    resolve: { alias: { '@shared': path.join(root, 'shared') } },
    output: { file: script, format: 'iife', minify: true, codeSplitting: false },
  });
  await copyFile(path.join(SOURCE, 'watch.css'), style);
  return { script, style };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const built = await buildWatchPage(values.out ? path.resolve(values.out) : undefined);
  console.log(built.script);
}
