import { resolve } from 'node:path';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import pkg from './package.json' with { type: 'json' };
import { buildWatchPage } from './scripts/build-watch-page.mjs';

const define = { __APP_VERSION__: JSON.stringify(pkg.version) };
const alias = {
  '@shared': resolve(import.meta.dirname, 'shared'),
  '@renderer': resolve(import.meta.dirname, 'renderer/src'),
};

export default defineConfig({
  main: {
    resolve: { alias },
    define,
    // The viewers' watch page, served by the engine's public listener from out/watch/ (see
    // electron/engine/outputs/watch-assets.ts): built beside the engine, not into the app's renderer.
    plugins: [
      {
        name: 'livemanager-watch-page',
        closeBundle: async () => void (await buildWatchPage(resolve(import.meta.dirname, 'out/watch'), import.meta.dirname)),
      },
    ],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // Electron main, and the two plain-Node hosts of the same engine.
        input: {
          index: resolve(import.meta.dirname, 'electron/main/index.ts'),
          webhost: resolve(import.meta.dirname, 'electron/webhost/main.ts'),
          agent: resolve(import.meta.dirname, 'electron/agent/cli.ts'),
          // The IPTV EPG reader runs in a worker thread and is loaded by file name (epg-runner.ts).
          'iptv-epg-worker': resolve(import.meta.dirname, 'electron/engine/iptv/epg/epg-worker.ts'),
          // The M3U parser's worker thread, loaded by file name (m3u-worker-run.ts).
          'iptv-m3u-worker': resolve(import.meta.dirname, 'electron/engine/iptv/m3u/m3u-worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads must be one CommonJS file with every dependency inlined.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    resolve: { alias },
    define,
    plugins: [react(), tailwindcss()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      // electron-vite leaves the renderer unminified; the window loads it on every start.
      minify: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
