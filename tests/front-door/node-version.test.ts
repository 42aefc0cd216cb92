import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimumOf, nodeSatisfies, nodeTooOldMessage } from '../../scripts/node-version.mjs';
import { REPO_ROOT } from '../support/repo-copy';

const CHECK = path.join(REPO_ROOT, 'scripts/check-node.mjs');
/** Debian's Node on these machines: too old on purpose. */
const OLD_NODE = '/usr/bin/node';

function run(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(file, args, { ...options, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function versionOf(node: string): Promise<string> {
  return (await run(node, ['-p', 'process.versions.node'])).stdout.trim();
}

const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
};
const oldNode = existsSync(OLD_NODE) && !nodeSatisfies(await versionOf(OLD_NODE), pkg.engines.node);

describe('the Node.js requirement', () => {
  it('compares versions against package.json engines', () => {
    expect(minimumOf(pkg.engines.node)).toEqual([22, 12, 0]);
    expect(nodeSatisfies('22.12.0', '>=22.12')).toBe(true);
    expect(nodeSatisfies('24.1.0', '>=22.12')).toBe(true);
    expect(nodeSatisfies('22.11.9', '>=22.12')).toBe(false);
    expect(nodeSatisfies('v20.20.2', '>=22.12')).toBe(false);
    expect(() => minimumOf('^22')).toThrow(/must read ">=X\.Y"/);
  });

  it('passes silently on this Node', async () => {
    expect(await run(process.execPath, [CHECK])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it.runIf(oldNode)('refuses an old Node with one sentence saying which Node to install', async () => {
    const version = await versionOf(OLD_NODE);
    const result = await run(OLD_NODE, [CHECK]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${nodeTooOldMessage(version, pkg.engines.node)}\n`);
    expect(result.stderr).toBe(
      `LiveManager needs Node.js 22.12 or newer (Node 24 LTS recommended) and this is Node ${version}: ` +
        'install Node 24 from https://nodejs.org (or run `nvm install 24`), then run the command again.\n',
    );
  });

  it('runs the check before npm install, npm start and npm run dev:web', () => {
    expect(pkg.scripts.preinstall).toBe('node scripts/check-node.mjs');
    expect(pkg.scripts['dev:web']).toMatch(/^node scripts\/check-node\.mjs && /);
    expect(pkg.scripts.start).toBe('node scripts/start.mjs');
  });

  // npm itself, run by the old Node, against this package.json and .npmrc: refused at once,
  // before a single package is fetched (no network needed).
  it.runIf(oldNode)('npm install on the old Node stops at once with the required version (engine-strict)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lm-oldnode-'));
    try {
      for (const file of ['package.json', 'package-lock.json', '.npmrc'])
        await copyFile(path.join(REPO_ROOT, file), path.join(dir, file));
      const npmCli = path.join(path.dirname(path.dirname(await realNpm())), 'bin/npm-cli.js');
      const result = await run(OLD_NODE, [npmCli, 'install', '--offline', '--no-audit', '--no-fund'], {
        cwd: dir,
        env: { PATH: '/usr/bin:/bin', HOME: dir },
      });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('EBADENGINE');
      expect(result.stderr).toContain(`Required: {"node":"${pkg.engines.node}"}`);
      expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** npm's own folder (…/node_modules/npm/bin/npm-cli.js behind `npm` on the PATH). */
async function realNpm(): Promise<string> {
  const { realpath } = await import('node:fs/promises');
  const which = await run('sh', ['-c', 'command -v npm']);
  return realpath(which.stdout.trim());
}
