import path from 'node:path/posix';
import { shellQuote } from './shell-quote';

/**
 * Where the app puts the agent on a VPS. One folder holds everything: it is the agent's data folder
 * (database, encrypted secrets, socket) and also holds its program, so an uninstall is one folder
 * and nothing is written outside the user's HOME but the systemd unit.
 *
 *   ~/.livemanager-agent/                     data folder (0700), as `serve --data-dir`
 *   ~/.livemanager-agent/bin/livemanager-agent.mjs   the one-file agent (uploaded over SFTP)
 *   ~/.livemanager-agent/bin/livemanager-agent       launcher: the chosen Node + the file + this folder
 *   ~/.livemanager-agent/node/                private Node 24, when the system one is missing or old
 *   ~/.livemanager-agent/media/               uploaded media files
 *   ~/.livemanager-agent/serve.log            serve's output when no systemd runs it
 */
export const DEFAULT_AGENT_DIR = '~/.livemanager-agent';

export interface AgentLayout {
  readonly dir: string;
  readonly bundle: string;
  readonly launcher: string;
  readonly nodeDir: string;
  readonly privateNode: string;
  readonly mediaDir: string;
  readonly serveLog: string;
}

/** `~/x` → `"$HOME"/x`, anything else quoted: a path as a word for the VPS's shell. */
export function remotePathWord(remotePath: string): string {
  if (remotePath.startsWith('~/')) return `"$HOME"/${shellQuote(remotePath.slice(2))}`;
  return shellQuote(remotePath);
}

/** Paths inside an agent folder, still relative to `~` if it was. */
export function agentLayout(agentDir: string = DEFAULT_AGENT_DIR): AgentLayout {
  checkAgentDir(agentDir);
  const dir = agentDir.replace(/\/+$/, '');
  return {
    dir,
    bundle: path.join(dir, 'bin', 'livemanager-agent.mjs'),
    launcher: path.join(dir, 'bin', 'livemanager-agent'),
    nodeDir: path.join(dir, 'node'),
    privateNode: path.join(dir, 'node', 'bin', 'node'),
    mediaDir: path.join(dir, 'media'),
    serveLog: path.join(dir, 'serve.log'),
  };
}

/** The same layout with `~` replaced by the VPS user's HOME (what SFTP needs). */
export function absoluteLayout(layout: AgentLayout, home: string): AgentLayout {
  const resolve = (p: string): string => (p.startsWith('~/') ? path.join(home, p.slice(2)) : p);
  return {
    dir: resolve(layout.dir),
    bundle: resolve(layout.bundle),
    launcher: resolve(layout.launcher),
    nodeDir: resolve(layout.nodeDir),
    privateNode: resolve(layout.privateNode),
    mediaDir: resolve(layout.mediaDir),
    serveLog: resolve(layout.serveLog),
  };
}

/** The command the app runs over SSH to reach the agent (also usable in `authorized_keys`). */
export function attachCommand(layout: AgentLayout): string {
  return `${remotePathWord(layout.launcher)} attach`;
}

function checkAgentDir(agentDir: string): void {
  const ok = (agentDir.startsWith('~/') && agentDir.length > 2) || (agentDir.startsWith('/') && agentDir.length > 1);
  if (!ok || agentDir.includes('\0') || /(^|\/)\.\.(\/|$)/.test(agentDir) || agentDir.length > 200) {
    throw new Error(`The agent folder "${agentDir.slice(0, 200)}" must be an absolute path or start with ~/ (no "..").`);
  }
}
