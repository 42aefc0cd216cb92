import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { appendFile, chmod, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freeLoopbackPort } from './ports';
import { waitFor } from './wait-for';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';

/**
 * The VPS of the SSH tests: Debian's OpenSSH `sshd -D` on a random loopback port, with its own
 * host key, sshd_config, authorized_keys and a throwaway HOME, signing in as the current user
 * (root on the test machines). Nothing of it is mocked: the app's ssh2 client talks to it as to
 * any server.
 */
export interface SshdPeer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** The session's HOME (sshd's SetEnv): the agent installs itself under it. */
  readonly home: string;
  /** A key authorized to sign in (ed25519, no passphrase). */
  readonly clientKeyPath: string;
  /** The host key's fingerprint as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint(): Promise<string>;
  /** Authorize one more public key (`ssh-keygen` `.pub` file). */
  authorize(publicKeyPath: string): Promise<void>;
  /** sshd's own log (LogLevel DEBUG1): auth attempts show as `userauth-request`. */
  log(): Promise<string>;
  /** The per-connection sshd processes (one per client connection). */
  connectionPids(): number[];
  /** Cut every client connection at once (SIGKILL to their sshd processes), as a network cut. */
  cutConnections(): number;
  /** The VPS drops off the network: no listener, every connection cut. */
  pause(): Promise<void>;
  /** …and comes back on the same port. */
  resume(): Promise<void>;
  /** Restart the listener on the same port; `newHostKey` replaces its host key (a reinstalled VPS). */
  restart(options?: { newHostKey?: boolean }): Promise<void>;
  /** Stop sshd, any agent `serve` running in HOME, and delete everything. */
  close(): Promise<void>;
}

export interface SshdOptions {
  /** Let root sign in with this password, checked against a private copy of /etc/shadow (see below). */
  password?: string;
  /** Folders put first on the session PATH (e.g. a Node 24 the "VPS" already has). */
  pathFirst?: readonly string[];
  /** Programs absent from the session PATH, as on a VPS without them (`ffmpeg`). */
  hide?: readonly string[];
}

export function sshdAvailable(): boolean {
  return existsSync(SSHD);
}

export async function startSshd(options: SshdOptions = {}): Promise<SshdPeer> {
  // Short: the agent's Unix socket ends up under HOME and its path is limited to 107 bytes.
  const dir = await mkdtemp(path.join(tmpdir(), 'lm-sshd-'));
  const home = path.join(dir, 'home');
  await mkdir(home, { mode: 0o700 });
  const hostKey = path.join(dir, 'host_ed25519');
  const clientKeyPath = path.join(dir, 'client_ed25519');
  const authorizedKeys = path.join(dir, 'authorized_keys');
  const logFile = path.join(dir, 'sshd.log');
  await newKey(hostKey);
  await newKey(clientKeyPath);
  await writeFile(authorizedKeys, await readFile(`${clientKeyPath}.pub`), { mode: 0o600 });
  const sessionPath = [...(options.pathFirst ?? []), await pathWithout(dir, options.hide ?? [])].join(':');
  const port = await freeLoopbackPort();
  const user = (await run('id', ['-un'])).stdout.trim();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKey}`,
    'PidFile none',
    'UsePAM no',
    'StrictModes no',
    `PermitRootLogin ${options.password ? 'yes' : 'prohibit-password'}`,
    `PasswordAuthentication ${options.password ? 'yes' : 'no'}`,
    'KbdInteractiveAuthentication no',
    `AuthorizedKeysFile ${authorizedKeys}`,
    // The session's HOME is the throwaway folder, not the real one of the user.
    `SetEnv HOME=${home} PATH=${sessionPath}`,
    'Subsystem sftp internal-sftp',
    'LogLevel DEBUG1',
    'MaxStartups 50',
    'MaxSessions 50',
  ].join('\n');
  const configFile = path.join(dir, 'sshd_config');
  await writeFile(configFile, `${config}\n`);
  const shadow = options.password ? await shadowWithPassword(dir, user, options.password) : null;
  // sshd refuses to start without its privilege separation folder (the Debian service makes it).
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  let listener: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const args = ['-D', '-e', '-f', configFile];
    // sshd checks passwords in /etc/shadow: a private mount namespace shows it a copy where root's
    // password is the test's, and the real file is never touched.
    const child = shadow
      ? spawn('unshare', ['-m', 'sh', '-c', 'mount --bind "$1" /etc/shadow && shift && exec "$@"', 'sh', shadow, SSHD, ...args], {
          stdio: ['ignore', 'ignore', 'pipe'],
        })
      : spawn(SSHD, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => void appendFile(logFile, chunk).catch(() => undefined));
    const killOnExit = (): void => void child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    listener = child;
    await waitFor(() => sshBanner(port), {
      timeoutMs: 15_000,
      what: () => `sshd to listen on ${port}: ${existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : ''}`,
    });
  };
  const stopListener = async (): Promise<void> => {
    const child = listener;
    listener = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  };
  await start();

  return {
    host: '127.0.0.1',
    port,
    user,
    home,
    clientKeyPath,
    async hostKeyFingerprint() {
      const { stdout } = await run('ssh-keygen', ['-lf', `${hostKey}.pub`]);
      return stdout.split(/\s+/)[1] ?? '';
    },
    async authorize(publicKeyPath) {
      await appendFile(authorizedKeys, await readFile(publicKeyPath));
    },
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    connectionPids: () => (listener?.pid ? childPidsOf(listener.pid) : []),
    cutConnections() {
      const pids = listener?.pid ? childPidsOf(listener.pid) : [];
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      return pids.length;
    },
    async pause() {
      const connections = listener?.pid ? childPidsOf(listener.pid) : [];
      await stopListener();
      for (const child of connections) killQuietly(child, 'SIGKILL');
    },
    resume: () => start(),
    async restart(restartOptions = {}) {
      await stopListener();
      if (restartOptions.newHostKey) {
        await rm(hostKey, { force: true });
        await rm(`${hostKey}.pub`, { force: true });
        await newKey(hostKey);
      }
      await start();
    },
    async close() {
      const pid = listener?.pid;
      const connections = pid ? childPidsOf(pid) : [];
      await stopListener();
      for (const child of connections) killQuietly(child, 'SIGKILL');
      await stopAgentsIn(home);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function newKey(file: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'livemanager-test', '-f', file]);
}

/** True once sshd answers with its identification line. */
function sshBanner(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(2000);
    socket.once('data', (data: Buffer) => {
      socket.destroy();
      resolve(data.toString('latin1').startsWith('SSH-2.0-'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** A folder of symlinks to every program on the usual PATH except `hidden`. */
async function pathWithout(dir: string, hidden: readonly string[]): Promise<string> {
  const standard = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  if (hidden.length === 0) return standard;
  const bin = path.join(dir, 'bin');
  await mkdir(bin);
  const seen = new Set<string>(hidden);
  for (const folder of standard.split(':')) {
    for (const name of await readdir(folder).catch(() => [] as string[])) {
      if (seen.has(name)) continue;
      seen.add(name);
      await symlink(path.join(folder, name), path.join(bin, name));
    }
  }
  return bin;
}

/** /etc/shadow with `user`'s password replaced, for the sshd of password tests only. */
async function shadowWithPassword(dir: string, user: string, password: string): Promise<string> {
  // A test password only: passing it as an argument is fine here.
  const { stdout } = await run('openssl', ['passwd', '-6', password]);
  const hash = stdout.trim();
  const lines = (await readFile('/etc/shadow', 'utf8')).split('\n').map((line) => {
    const fields = line.split(':');
    if (fields[0] !== user) return line;
    fields[1] = hash;
    return fields.join(':');
  });
  const file = path.join(dir, 'shadow');
  await writeFile(file, lines.join('\n'), { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

/** Child pids of `pid`, from /proc (Linux). */
export function childPidsOf(pid: number): number[] {
  const children: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** An agent `serve` started detached in HOME outlives sshd: stop it by its lock's pid. */
async function stopAgentsIn(home: string): Promise<void> {
  const lock = path.join(home, '.livemanager-agent', 'engine.lock');
  const pid = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  killQuietly(pid, 'SIGTERM');
  await waitFor(() => !isAlive(pid), { timeoutMs: 20_000, what: `agent ${pid} to stop` }).catch(() =>
    killQuietly(pid, 'SIGKILL'),
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
