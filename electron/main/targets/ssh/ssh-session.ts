import { connect as tcpConnect } from 'node:net';
import { Client, type ClientChannel, type SFTPWrapper } from 'ssh2';
import type { ResolvedSshAuth } from './ssh-auth';
import { HostKeyChangedError, SshConnectionError, classifySshError } from './ssh-errors';
import { keyTypeOf, sha256Fingerprint } from './fingerprint';
import { shellQuote } from './shell-quote';
import { corkPerTick, reuseCipherKey } from './ssh-throughput';

export interface SshEndpoint {
  readonly host: string;
  readonly port: number;
  readonly user: string;
}

export interface SshSessionOptions extends SshEndpoint {
  /** The pinned host key (`SHA256:…`). Any other key ends the handshake before anything is sent. */
  readonly hostKeySha256: string;
  readonly auth: ResolvedSshAuth;
  /** An SSH keepalive every this often; the link is declared dead after `keepaliveCountMax` unanswered. */
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
  /** The whole handshake (TCP, key exchange, auth) must finish within this. */
  readonly readyTimeoutMs?: number;
}

export interface ExecResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Written to the command's stdin, then stdin is closed. */
  readonly input?: string;
  readonly timeoutMs?: number;
}

/** One authenticated SSH connection to a pinned host. */
export interface SshSession {
  readonly endpoint: SshEndpoint;
  /** Start a command (a shell string: quote every word with shellQuote). */
  exec(command: string): Promise<ClientChannel>;
  /**
   * Run a POSIX sh script to its end and collect its output (each stream capped at 1 MiB). It is
   * handed to `sh -c`, so it means the same whatever the user's login shell is (fish, csh…).
   */
  run(script: string, options?: RunOptions): Promise<ExecResult>;
  /** The SFTP subsystem, opened once per session. */
  sftp(): Promise<SFTPWrapper>;
  /** A TCP connection made by the server to `host:port` (its own loopback for the preview). */
  forwardOut(host: string, port: number): Promise<ClientChannel>;
  /** Called once when the connection ends, with the reason. */
  onClose(listener: (reason: string) => void): () => void;
  isClosed(): boolean;
  close(): void;
}

const MAX_OUTPUT = 1024 * 1024;

export function describeEndpoint(endpoint: SshEndpoint): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `${endpoint.user}@${host}:${endpoint.port}`;
}

/** Connect, check the host key against the pin, authenticate. */
export function openSshSession(options: SshSessionOptions): Promise<SshSession> {
  const where = describeEndpoint(options);
  const client = new Client();
  let hostKeyError: HostKeyChangedError | null = null;
  return new Promise<SshSession>((resolve, reject) => {
    const fail = (error: unknown): void => {
      client.removeAllListeners('ready');
      client.end();
      reject(hostKeyError ?? classifySshError(error, where));
    };
    client.once('error', fail);
    client.once('close', () =>
      fail(new SshConnectionError('unreachable', `${where} closed the connection during the handshake.`)),
    );
    client.once('ready', () => {
      client.removeListener('error', fail);
      client.removeAllListeners('close');
      resolve(wrapClient(client, options));
    });
    // After every key exchange (the first, and rekeys), ssh2 has a new cipher to tune.
    client.on('handshake', () => reuseCipherKey(client));
    const sock = tcpConnect({ host: options.host, port: options.port });
    sock.setNoDelay(true);
    corkPerTick(sock);
    client.connect({
      sock,
      username: options.user,
      ...options.auth,
      tryKeyboard: false,
      keepaliveInterval: options.keepaliveIntervalMs ?? 10_000,
      keepaliveCountMax: options.keepaliveCountMax ?? 3,
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      // Runs during the key exchange, before any auth request: a wrong key ends it there.
      hostVerifier: (key: Buffer) => {
        const presented = sha256Fingerprint(key);
        if (presented === options.hostKeySha256) return true;
        hostKeyError = new HostKeyChangedError(where, options.hostKeySha256, presented, keyTypeOf(key));
        return false;
      },
    });
  });
}

function wrapClient(client: Client, endpoint: SshEndpoint): SshSession {
  const where = describeEndpoint(endpoint);
  const closeListeners = new Set<(reason: string) => void>();
  let closedReason: string | null = null;
  let lastError: string | null = null;
  let sftp: Promise<SFTPWrapper> | null = null;

  client.on('error', (error: Error & { level?: string }) => {
    lastError = /keepalive/i.test(error.message) ? 'no answer to keepalives (the link is down)' : error.message;
  });
  client.on('close', () => {
    if (closedReason !== null) return;
    closedReason = lastError ? `connection to ${where} lost: ${lastError}` : `connection to ${where} closed`;
    for (const listener of closeListeners) listener(closedReason);
    closeListeners.clear();
  });

  const notConnected = (): Error => new SshConnectionError('unreachable', closedReason ?? `Not connected to ${where}.`);

  const exec = (command: string): Promise<ClientChannel> =>
    new Promise((resolve, reject) => {
      if (closedReason !== null) return reject(notConnected());
      client.exec(command, (error, channel) => (error ? reject(error) : resolve(channel)));
    });

  return {
    endpoint,
    exec,
    async run(script, runOptions = {}) {
      const channel = await exec(`sh -c ${shellQuote(script)}`);
      return collect(channel, runOptions);
    },
    sftp() {
      if (closedReason !== null) return Promise.reject(notConnected());
      sftp ??= new Promise<SFTPWrapper>((resolve, reject) => {
        client.sftp((error, wrapper) => {
          if (error) {
            sftp = null;
            return reject(error);
          }
          wrapper.once('close', () => (sftp = null));
          resolve(wrapper);
        });
      });
      return sftp;
    },
    forwardOut: (host, port) =>
      new Promise((resolve, reject) => {
        if (closedReason !== null) return reject(notConnected());
        client.forwardOut('127.0.0.1', 0, host, port, (error, channel) => (error ? reject(error) : resolve(channel)));
      }),
    onClose(listener) {
      if (closedReason !== null) {
        listener(closedReason);
        return () => undefined;
      }
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    isClosed: () => closedReason !== null,
    close() {
      if (closedReason === null) lastError = null;
      client.end();
    },
  };
}

function collect(channel: ClientChannel, options: RunOptions): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let code: number | null = null;
    let signal: string | null = null;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            channel.close();
            reject(new Error(`the command did not finish within ${Math.round(options.timeoutMs! / 1000)} s`));
          }, options.timeoutMs);
    channel.on('data', (chunk: Buffer) => {
      if (outBytes < MAX_OUTPUT) out.push(chunk);
      outBytes += chunk.length;
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      if (errBytes < MAX_OUTPUT) err.push(chunk);
      errBytes += chunk.length;
    });
    channel.on('exit', (exitCode: number | null, exitSignal?: string) => {
      code = exitCode;
      signal = exitSignal ?? null;
    });
    channel.on('close', () => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    channel.end(options.input ?? '');
  });
}

/**
 * The host key a server presents, for the user to confirm on the first connection. The key
 * exchange is cut right after the server proves nothing yet: no user name is checked, no auth
 * is attempted.
 */
export function probeHostKey(
  target: { host: string; port: number },
  timeoutMs = 15_000,
): Promise<{ fingerprint: string; keyType: string }> {
  const where = describeEndpoint({ ...target, user: 'probe' }).replace(/^probe@/, '');
  const client = new Client();
  return new Promise((resolve, reject) => {
    let seen: { fingerprint: string; keyType: string } | null = null;
    const done = (error?: unknown): void => {
      client.removeAllListeners();
      client.on('error', () => undefined);
      client.end();
      if (seen) resolve(seen);
      else reject(classifySshError(error ?? new Error('closed before presenting a host key'), where));
    };
    client.once('error', done);
    client.once('close', () => done());
    client.once('ready', () => done());
    client.connect({
      host: target.host,
      port: target.port,
      username: 'livemanager-probe',
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        seen = { fingerprint: sha256Fingerprint(key), keyType: keyTypeOf(key) };
        return false;
      },
    });
  });
}
