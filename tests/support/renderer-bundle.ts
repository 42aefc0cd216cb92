import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './webhost';

/** The built renderer (`npx electron-vite build`). */
export const RENDERER_OUT = path.join(REPO_ROOT, 'out/renderer');

/** The scripts the page loads before it can draw: the entry and its modulepreloads (paths under out/renderer). */
export function initialScripts(html: string): string[] {
  const entry = [...html.matchAll(/<script type="module"[^>]* src="\.\/([^"]+)"/g)].map((m) => m[1]!);
  const preloaded = [...html.matchAll(/<link rel="modulepreload"[^>]* href="\.\/([^"]+)"/g)].map((m) => m[1]!);
  return [...entry, ...preloaded];
}

/** Those scripts read from the build. */
export function initialScriptsOfBuild(): string[] {
  return initialScripts(readFileSync(path.join(RENDERER_OUT, 'index.html'), 'utf8'));
}
