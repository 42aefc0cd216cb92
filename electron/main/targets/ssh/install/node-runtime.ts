import { engines } from '../../../../../package.json';
import { nodeSatisfies } from '../../../../../scripts/node-version.mjs';
import type { AgentLayout } from '../agent-layout';
import { shellQuote } from '../shell-quote';
import type { SshSession } from '../ssh-session';
import type { RemotePlatform } from './remote-platform';

/** Node's own builds; a mirror with the same layout (SHASUMS256.txt beside the tarballs) can replace it. */
export const DEFAULT_NODE_MIRROR = 'https://nodejs.org/dist/latest-v24.x/';

export interface NodeRuntime {
  readonly path: string;
  readonly version: string;
  /** The VPS's own Node, the private one already there, or one installed now. */
  readonly source: 'system' | 'private' | 'installed';
}

export interface NodeTarball {
  readonly file: string;
  readonly version: string;
  readonly sha256: string;
}

/** A mirror URL a user typed: http(s), no credentials, ending with `/`. */
export function checkMirrorUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`The Node.js download address "${raw.slice(0, 200)}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('The Node.js download address must start with https:// (or http:// on a private network).');
  }
  if (url.username || url.password) throw new Error('The Node.js download address must not contain a user name or password.');
  url.search = '';
  url.hash = '';
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** The Linux tarball for `arch` listed in a SHASUMS256.txt, with its checksum. */
export function pickNodeTarball(shasums: string, arch: 'x64' | 'arm64'): NodeTarball {
  for (const line of shasums.split('\n')) {
    const match = /^([0-9a-f]{64})\s+\*?(node-v(\d+\.\d+\.\d+)-linux-(x64|arm64)\.tar\.gz)\s*$/.exec(line.trim());
    if (match && match[4] === arch && nodeSatisfies(match[3] ?? '0', engines.node)) {
      return { sha256: match[1] ?? '', file: match[2] ?? '', version: match[3] ?? '' };
    }
  }
  throw new Error(`The Node.js download site lists no Linux ${arch} build of Node ${engines.node} (.tar.gz) in SHASUMS256.txt.`);
}

/** Fetch a URL on the VPS to stdout (`-`) or a file, with the tool it has. */
function fetchCommand(downloader: 'curl' | 'wget', url: string, output: string): string {
  return downloader === 'curl'
    ? `curl -fsSL --retry 3 -o ${shellQuote(output)} ${shellQuote(url)}`
    : `wget -q -O ${shellQuote(output)} ${shellQuote(url)}`;
}

/**
 * The Node the agent will run with: the VPS's own if it is recent enough, else a private Node 24
 * in the agent's folder — already there, or downloaded now by the VPS from `mirror`, checked
 * against the mirror's SHASUMS256.txt, unpacked beside the old one and swapped in.
 */
export async function ensureNode(
  session: SshSession,
  platform: RemotePlatform,
  layout: AgentLayout,
  mirror: string = DEFAULT_NODE_MIRROR,
): Promise<NodeRuntime> {
  const system = platform.systemNode;
  if (system && nodeSatisfies(system.version, engines.node))
    return { path: system.path, version: system.version, source: 'system' };
  const existing = await session.run(`${shellQuote(layout.privateNode)} -v`);
  const existingVersion = existing.stdout.trim().replace(/^v/, '');
  if (existing.code === 0 && nodeSatisfies(existingVersion, engines.node)) {
    return { path: layout.privateNode, version: existingVersion, source: 'private' };
  }
  if (!platform.downloader || !platform.arch) {
    throw new Error(
      `The VPS has ${system ? `Node ${system.version}` : 'no Node.js'} and neither curl nor wget to download Node 24: ` +
        `install curl, or Node.js ${engines.node.replace('>=', '')} or newer, then try again.`,
    );
  }
  const base = checkMirrorUrl(mirror);
  const listing = await session.run(fetchCommand(platform.downloader, `${base}SHASUMS256.txt`, '-'), { timeoutMs: 60_000 });
  if (listing.code !== 0) {
    throw new Error(
      `The VPS could not download ${base}SHASUMS256.txt (${firstLine(listing.stderr)}). Set a Node.js mirror it can reach.`,
    );
  }
  const tarball = pickNodeTarball(listing.stdout, platform.arch);
  const dir = layout.nodeDir;
  const script = [
    'set -e',
    `tmp=${shellQuote(`${dir}.new`)}`,
    'rm -rf "$tmp"',
    'mkdir -p "$tmp"',
    'cd "$tmp"',
    fetchCommand(platform.downloader, `${base}${tarball.file}`, 'node.tar.gz'),
    'actual=$( (sha256sum node.tar.gz 2>/dev/null || shasum -a 256 node.tar.gz) | cut -d" " -f1)',
    `if [ "$actual" != ${shellQuote(tarball.sha256)} ]; then echo "the download does not match SHASUMS256.txt" >&2; exit 9; fi`,
    'tar -xzf node.tar.gz --strip-components=1',
    'rm -f node.tar.gz',
    '"$tmp/bin/node" -v',
    `rm -rf ${shellQuote(dir)}`,
    `mv "$tmp" ${shellQuote(dir)}`,
  ].join('\n');
  const installed = await session.run(script, { timeoutMs: 15 * 60_000 });
  if (installed.code !== 0) {
    throw new Error(
      `Installing Node ${tarball.version} on the VPS failed: ${firstLine(installed.stderr) || `exit ${installed.code}`}.`,
    );
  }
  return { path: layout.privateNode, version: installed.stdout.trim().replace(/^v/, ''), source: 'installed' };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) ?? '';
}
