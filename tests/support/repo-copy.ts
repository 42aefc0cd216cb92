import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * A copy of this checkout (tracked and new files, as they are now) in a temp folder, with a
 * node_modules of links to this one's packages — except `electron`, copied as `npm ci` leaves it
 * with ELECTRON_SKIP_BINARY_DOWNLOAD (no binary, no path.txt). Builds and downloads in the copy
 * never touch this checkout's out/ or node_modules/electron.
 */
export async function freshCheckout(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lm-checkout-'));
  const { stdout } = await promisify(execFile)('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  for (const file of stdout.split('\0').filter(Boolean)) {
    await cp(path.join(REPO_ROOT, file), path.join(dir, file), { force: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error; // deleted in the work tree, still in the index
    });
  }
  const modules = path.join(dir, 'node_modules');
  await mkdir(modules);
  for (const entry of await readdir(path.join(REPO_ROOT, 'node_modules'))) {
    if (entry === 'electron' || entry === '.cache' || entry === '.vite-temp') continue;
    await symlink(path.join(REPO_ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  const electron = path.join(REPO_ROOT, 'node_modules/electron');
  await mkdir(path.join(modules, 'electron'));
  for (const file of [
    'package.json',
    'index.js',
    'cli.js',
    'install.js',
    'checksums.json',
    'electron.d.ts',
    'LICENSE',
    'README.md',
    'abi_version',
  ]) {
    await cp(path.join(electron, file), path.join(modules, 'electron', file)).catch(() => undefined);
  }
  return dir;
}
