import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  resolve: {
    alias: {
      '@shared': resolve(import.meta.dirname, 'shared'),
      '@renderer': resolve(import.meta.dirname, 'renderer/src'),
    },
  },
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    exclude: ['node_modules', 'out'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: integration tests run real FFmpeg, nginx and Chromium.
    maxWorkers: 2,
    reporters: ['default'],
    // Inlined so a test's vi.mock('electron') reaches electron-store's own `import electron`.
    server: { deps: { inline: ['electron-store'] } },
  },
});
