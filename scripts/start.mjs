// @ts-check
// `npm start` (and `npm run dev` with --dev): check Node, make sure Electron's binary is there,
// then hand over to electron-vite. Electron 45 has no install script: its binary is fetched on
// first use, but electron-vite reads node_modules/electron/path.txt itself and fails with
// "Electron uninstall" when it is missing. So the binary is fetched here, once, through Electron's
// own installer (which honours ELECTRON_MIRROR), and electron-vite is given ELECTRON_EXEC_PATH.
// Every failure is one sentence saying what to do, never a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { nodeSatisfies, nodeTooOldMessage } from './node-version.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(ROOT, 'package.json'));

/** @param {string} sentence */
function fail(sentence) {
  console.error(sentence);
  process.exit(1);
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
if (!nodeSatisfies(process.versions.node, pkg.engines.node)) fail(nodeTooOldMessage(process.versions.node, pkg.engines.node));

const args = process.argv.slice(2);
const dev = args[0] === '--dev';
const passThrough = dev ? args.slice(1) : args;

/** @param {string} file */
function isExecutableFile(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** node_modules/electron/dist/<path.txt>, or null when the binary was never fetched. */
function installedElectron(/** @type {string} */ electronDir) {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return isExecutableFile(binary) ? binary : null;
}

function electronBinary() {
  const given = process.env.ELECTRON_EXEC_PATH;
  if (given) {
    if (!isExecutableFile(given))
      fail(`ELECTRON_EXEC_PATH is set to ${given}, which is not an executable file: fix it or unset it.`);
    return given;
  }
  const electronDir = path.dirname(require.resolve('electron/package.json'));
  const version = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
  const ready = installedElectron(electronDir);
  if (ready) return ready;
  const how =
    'run `npx install-electron` (behind a firewall, set ELECTRON_MIRROR to a mirror you can reach first; see the README), ' +
    `or set ELECTRON_EXEC_PATH to an Electron ${version} executable.`;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    fail(`Electron's binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is never fetched): ${how}`);
  }
  const mirror = process.env.ELECTRON_MIRROR ? ` from ${process.env.ELECTRON_MIRROR}` : '';
  console.error(`Downloading Electron ${version}${mirror} (once, about 100 MB)…`);
  const download = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  const binary = installedElectron(electronDir);
  if (download.status !== 0 || !binary) {
    // The installer prints a whole stack; its first line is the reason.
    const reason =
      (download.stderr || download.error?.message || '').trim().split('\n')[0]?.replace(/\.$/, '') || 'no reason given';
    fail(`Electron could not be downloaded (${reason}): check your connection, or ${how}`);
  }
  return /** @type {string} */ (binary);
}

const electron = electronBinary();
const cli = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js');
const child = spawn(process.execPath, [cli, dev ? 'dev' : 'preview', ...passThrough], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: electron },
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
