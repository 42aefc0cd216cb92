import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCheckout } from '../support/repo-copy';

const STACK_FRAME = /^\s+at /m;

/** `npm start` in `cwd`, with Node 24 first on the PATH; resolves with everything it printed. */
function npmStart(cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['start'], {
      cwd,
      env: { ...env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** The environment of a fresh machine's shell: no Electron overrides inherited from this one. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(ELECTRON_|npm_|electron_)/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

describe('npm start on a fresh checkout (no Electron binary)', { timeout: 180_000 }, () => {
  let checkout: string;
  let scratch: string;
  beforeAll(async () => {
    [checkout, scratch] = await Promise.all([freshCheckout(), mkdtemp(path.join(tmpdir(), 'lm-start-'))]);
  });
  afterAll(async () => {
    await rm(checkout, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  });

  it('launches ELECTRON_EXEC_PATH with the app it has just built', async () => {
    const record = path.join(scratch, 'launched.json');
    const standIn = path.join(scratch, 'electron-stand-in');
    // Records how it was launched, then exits like a window closed.
    await writeFile(
      standIn,
      `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() }));\n`,
    );
    await chmod(standIn, 0o755);
    const result = await npmStart(checkout, cleanEnv({ ELECTRON_EXEC_PATH: standIn }));
    expect(result.code, result.output).toBe(0);
    const launched = JSON.parse(await readFile(record, 'utf8')) as { argv: string[]; cwd: string };
    expect(launched).toEqual({ argv: ['.'], cwd: checkout });
    // "." is the app: package.json main, freshly built in this checkout.
    const main = (JSON.parse(await readFile(path.join(checkout, 'package.json'), 'utf8')) as { main: string }).main;
    expect(main).toBe('out/main/index.js');
    for (const built of [main, 'out/preload/index.cjs', 'out/renderer/index.html'])
      expect(existsSync(path.join(checkout, built)), built).toBe(true);
    expect(result.output).not.toContain('Electron uninstall');
  });

  it('says in one sentence what to run when the binary is missing and may not be downloaded', async () => {
    const result = await npmStart(checkout, cleanEnv({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      "Electron's binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is never fetched): run `npx install-electron` " +
        '(behind a firewall, set ELECTRON_MIRROR to a mirror you can reach first; see the README), or set ELECTRON_EXEC_PATH to an Electron ',
    );
    expect(result.output).not.toMatch(STACK_FRAME);
    expect(result.output).not.toContain('Electron uninstall');
  });

  it('downloads the binary from ELECTRON_MIRROR, and says in one sentence why it could not', async () => {
    const asked: string[] = [];
    const mirror: Server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(404).end('not here');
    });
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', () => resolve()));
    try {
      const url = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/electron/`;
      const result = await npmStart(
        checkout,
        cleanEnv({ ELECTRON_MIRROR: url, electron_config_cache: path.join(scratch, 'electron-cache') }),
      );
      expect(result.code).not.toBe(0);
      expect(
        asked.some((u) => /electron-v\d+\.\d+\.\d+-linux-\w+\.zip$/.test(u)),
        asked.join(', '),
      ).toBe(true);
      expect(result.output).toContain(`Downloading Electron `);
      expect(result.output).toMatch(
        /Electron could not be downloaded \([^\n]*404[^\n]*\): check your connection, or run `npx install-electron`/,
      );
      expect(result.output).not.toMatch(STACK_FRAME);
      expect(existsSync(path.join(checkout, 'node_modules/electron/path.txt'))).toBe(false);
    } finally {
      await new Promise<void>((resolve) => mirror.close(() => resolve()));
    }
  });

  it('refuses an ELECTRON_EXEC_PATH that is not there, in one sentence', async () => {
    const missing = path.join(scratch, 'nowhere/electron');
    const result = await npmStart(checkout, cleanEnv({ ELECTRON_EXEC_PATH: missing }));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      `ELECTRON_EXEC_PATH is set to ${missing}, which is not an executable file: fix it or unset it.`,
    );
    expect(result.output).not.toMatch(STACK_FRAME);
  });
});
