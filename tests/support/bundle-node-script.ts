import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'rolldown';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT_DIR = path.join(ROOT, 'node_modules/.cache/livemanager-scripts');

/**
 * Bundle a TypeScript entry (and the engine code it imports) into one ES module that plain Node
 * runs in a child process: crash tests kill it, benchmarks measure it. Packages stay external
 * (resolved from node_modules), so the process is as lean as the real agent.
 */
export async function bundleNodeScript(entry: string): Promise<string> {
  await mkdir(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `${path.basename(entry, '.ts')}-${process.pid}.mjs`);
  await build({
    input: entry,
    platform: 'node',
    logLevel: 'silent',
    resolve: { alias: { '@shared': path.join(ROOT, 'shared') } },
    external: (id) => !id.startsWith('.') && !path.isAbsolute(id) && !id.startsWith('@shared'),
    transform: { define: { __APP_VERSION__: JSON.stringify('bench') } },
    // One file even when the code imports lazily (the web host loads its static file server on demand).
    output: { file, format: 'esm', codeSplitting: false },
  });
  return file;
}
