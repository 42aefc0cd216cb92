import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile, copyFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
/** The Node 24 this machine's tools run on: what the mirror hands out as "the" Node 24 for Linux. */
export const NODE24 = path.join(os.homedir(), '.cache/livemanager-tools/node_modules/node/bin/node');

export interface NodeMirror {
  /** Base URL, as the installer's nodeMirror setting (ends with /). */
  readonly url: string;
  readonly tarball: string;
  /** Paths asked for, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A stand-in for nodejs.org/dist/latest-v24.x/ on loopback (an offline mirror): SHASUMS256.txt and
 * a `node-vX-linux-x64.tar.gz` packed, like the real one, from this machine's Node 24 binary.
 */
export async function startNodeMirror(): Promise<NodeMirror> {
  const { tarball, version } = await nodeTarball();
  const sha256 = createHash('sha256')
    .update(await readFile(tarball))
    .digest('hex');
  const name = path.basename(tarball);
  // Real SHASUMS256.txt files list every build; the installer must pick its own.
  const shasums = [
    `${'a'.repeat(64)}  node-v${version}-darwin-arm64.tar.gz`,
    `${'b'.repeat(64)}  node-v${version}-linux-arm64.tar.gz`,
    `${sha256}  ${name}`,
    `${'c'.repeat(64)}  node-v${version}-linux-x64.tar.xz`,
    '',
  ].join('\n');
  const requests: string[] = [];
  const size = (await stat(tarball)).size;
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    if (url === '/dist/SHASUMS256.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(shasums);
    } else if (url === `/dist/${name}`) {
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': size });
      createReadStream(tarball).pipe(res);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/dist/`,
    tarball,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Packed once per Node version and cached (gzip -1: the binary is 120 MB). */
async function nodeTarball(): Promise<{ tarball: string; version: string }> {
  const version = (await run(NODE24, ['-v'])).stdout.trim().replace(/^v/, '');
  const cache = path.join(ROOT, 'node_modules/.cache/livemanager-scripts');
  const tarball = path.join(cache, `node-v${version}-linux-x64.tar.gz`);
  if (existsSync(tarball)) return { tarball, version };
  await mkdir(cache, { recursive: true });
  const work = await mkdtemp(path.join(os.tmpdir(), 'lm-node-pack-'));
  try {
    const top = `node-v${version}-linux-x64`;
    await mkdir(path.join(work, top, 'bin'), { recursive: true });
    await copyFile(NODE24, path.join(work, top, 'bin', 'node'));
    await writeFile(path.join(work, top, 'README.md'), 'Node.js, packed by the LiveManager tests.\n');
    const temp = `${tarball}.${process.pid}.tmp`;
    await run('sh', ['-c', 'tar -C "$1" -cf - "$2" | gzip -1 > "$3"', 'sh', work, top, temp], { maxBuffer: 1 << 20 });
    await rename(temp, tarball);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { tarball, version };
}
