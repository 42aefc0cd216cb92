import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../vitest.config.ts';

/**
 * Benchmarks run through vitest so they resolve the project's aliases and extensionless
 * imports like the tests do, but only with this config: `npm test` never picks them up
 * (they are `*.bench-run.ts`, outside its include patterns). Each prints `name: value` lines.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ['bench/**/*.bench-run.ts'],
      testTimeout: 0,
      hookTimeout: 0,
      // One benchmark at a time: they measure time and CPU.
      maxWorkers: 1,
      fileParallelism: false,
      // Figures go straight to stdout, one `name: value` per line, without vitest's headers.
      disableConsoleIntercept: true,
    },
  }),
);
