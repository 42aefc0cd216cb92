// @ts-check
// Bundle the VPS agent (electron/agent/cli.ts, the engine and every dependency) into ONE ES module
// that Node >= 22.12 runs with nothing beside it: no node_modules, no native add-on, no npm install
// on the VPS. Why a bundle rather than a Node single executable: docs/agent.md.
//   node scripts/build-agent.mjs [--out FILE] [--version X]   (default out/agent/livemanager-agent.mjs, package.json's version)
// --version stamps another version (the app's upgrade tests need an older agent).
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'rolldown';
import { buildWatchPage } from './build-watch-page.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string' }, version: { type: 'string' } } });
const out = path.resolve(values.out ?? path.join(ROOT, 'out/agent/livemanager-agent.mjs'));
const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
// The watch page goes INSIDE the one file (electron/engine/outputs/watch-assets.ts reads it there).
const watchDir = await mkdtemp(path.join(tmpdir(), 'lm-watch-page-'));
const watch = await buildWatchPage(watchDir);
const watchAssets = {
  'watch.js': await readFile(watch.script, 'utf8'),
  'watch.css': await readFile(watch.style, 'utf8'),
};
await rm(watchDir, { recursive: true, force: true });
const version = values.version ?? pkg.version;

await build({
  input: path.join(ROOT, 'electron/agent/cli.ts'),
  platform: 'node',
  logLevel: 'warn',
  resolve: { alias: { '@shared': path.join(ROOT, 'shared') } },
  transform: { define: { __APP_VERSION__: JSON.stringify(version) } },
  output: {
    file: out,
    format: 'esm',
    // Executable as `./livemanager-agent.mjs` too; a comment names what it is for whoever opens it.
    banner: [
      '#!/usr/bin/env node',
      `// livemanager-agent ${version}: the LiveManager engine for a VPS, in one file. Needs Node.js ${pkg.engines.node}.`,
      `globalThis[Symbol.for('livemanager.watchAssets')] = ${JSON.stringify(watchAssets)};`,
    ].join('\n'),
    codeSplitting: false,
  },
});
await chmod(out, 0o755);
console.log(out);
