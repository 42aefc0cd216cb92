/** Types of scripts/build-watch-page.mjs, for electron.vite.config.ts. */
export function buildWatchPage(outDir?: string, root?: string): Promise<{ script: string; style: string }>;
