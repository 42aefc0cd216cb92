import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { DataDirBusyError, acquireDataDirLock, type DataDirLock } from '../engine/storage/data-dir-lock';
import { createEngine, type Engine } from '../engine/engine';
import { LIVES_HOST_FLAGS_HELP, parseLivesCap, parseOverloadPolicy, type Parsed } from '../engine/lives/host-options';
import { openEncryptedFileSecretStore } from '../engine/secrets/encrypted-file-secret-store';
import { listenAgentSocket, type AgentSocket } from './agent-socket';
import { DATA_DIR_OPTION, EXIT, PROGRAM, UsageError, stringValue, type Command } from './command';
import { dataDirOf, socketPathOf } from './paths';
import { PUBLIC_LISTEN_DETAILS, PUBLIC_LISTEN_OPTIONS, publicListenerOf } from './public-listen';

export const serveCommand: Command = {
  name: 'serve',
  usage: [
    `${PROGRAM} serve [--data-dir DIR] [--secrets-key FILE] [--max-lives-per-owner N] [--overload warn|queue] [--chat-redis URL] [--public-listen ADDR:PORT [--public-url URL]]`,
  ],
  summary:
    'Run the engine as a long-running service (what the systemd unit starts). Its RPC listens on the Unix socket ' +
    'agent.sock (0600) in the data folder; clients reach it with `attach`. Lives keep running whoever comes and goes; ' +
    'SIGTERM stops them gracefully, then exits.',
  details: [
    '  --data-dir DIR      data folder (default $LIVEMANAGER_AGENT_DIR or ~/.livemanager-agent)',
    '  --secrets-key FILE  key of the encrypted secrets file (default DIR/secrets.key; a systemd',
    '                      credential named livemanager-secrets-key wins when the unit has one)',
    '  --chat-redis URL    redis://… or rediss://…: share the chat rooms with the other engines on',
    '                      this Redis (docs/chat.md); absent, the chat stays on this machine',
    ...LIVES_HOST_FLAGS_HELP,
    ...PUBLIC_LISTEN_DETAILS,
  ],
  options: {
    ...DATA_DIR_OPTION,
    'secrets-key': { type: 'string' },
    'chat-redis': { type: 'string' },
    'max-lives-per-owner': { type: 'string' },
    overload: { type: 'string' },
    stdio: { type: 'boolean' },
    ...PUBLIC_LISTEN_OPTIONS,
  },
  async run({ values }, io) {
    if (values.stdio) {
      throw new UsageError('serve --stdio is gone: run `serve` as a service and connect with `attach`.', serveCommand);
    }
    const chatRedisUrl = chatRedisUrlOf(stringValue(values, 'chat-redis'));
    const maxLivesPerOwner = flag(parseLivesCap(stringValue(values, 'max-lives-per-owner')));
    const overload = flag(parseOverloadPolicy(stringValue(values, 'overload')));
    const dataDir = dataDirOf(stringValue(values, 'data-dir'), io.env);
    const publicListener = publicListenerOf(values, serveCommand);
    const log = (message: string, error?: unknown): void => {
      const detail = error instanceof Error ? `: ${error.message}` : '';
      io.err(`[engine] ${message}${detail}`);
    };
    // Everything serve and its FFmpeg write (database, HLS segments, logs) is private to the agent's user.
    process.umask(0o077);
    prepareDataDir(dataDir, log);
    let lock: DataDirLock;
    try {
      lock = acquireDataDirLock(dataDir);
    } catch (error) {
      io.err(`serve: ${(error as Error).message}`);
      return error instanceof DataDirBusyError ? EXIT.unavailable : EXIT.failed;
    }
    let engine: Engine | undefined;
    let socket: AgentSocket | undefined;
    try {
      const secrets = await openEncryptedFileSecretStore({ dataDir, keyFile: stringValue(values, 'secrets-key'), env: io.env });
      // The app reaches this preview through an SSH tunnel, whose local port is not the agent's own.
      engine = await createEngine({
        appVersion: __APP_VERSION__,
        dataDir,
        secrets,
        mode: 'shared',
        previewThroughTunnel: true,
        chatRedisUrl,
        maxLivesPerOwner,
        overloadPolicy: overload,
        publicListener,
        log,
      });
      socket = await listenAgentSocket({ socketPath: socketPathOf(dataDir), engine, log: (m) => log(m) });
    } catch (error) {
      io.err(`serve: ${(error as Error).message}`);
      await engine?.close();
      lock.release();
      return EXIT.failed;
    }
    if (publicListener) {
      const { host, port, publicUrl } = publicListener;
      io.err(`viewers: listening on ${host.includes(':') ? `[${host}]` : host}:${port}${publicUrl ? ` for ${publicUrl}` : ''}`);
    }
    io.err(`${PROGRAM} ${__APP_VERSION__} is serving ${dataDir} on ${socket.path}`);
    const running = { engine, socket };
    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return; // a second signal while stopping: systemd's SIGKILL will follow if it must
        stopping = true;
        io.err(`${signal}: stopping the lives, then exiting`);
        // Clients first (no new calls), then every FFmpeg is asked to finish (`q`) before the exit.
        void running.socket
          .close()
          .then(() => running.engine.close())
          .catch((error: unknown) => log('stopping failed', error))
          .finally(() => {
            lock.release();
            resolve(EXIT.ok);
          });
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
  },
};

/** The URL may hold Redis' password: a wrong one is refused without being repeated. */
function chatRedisUrlOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let protocol = '';
  try {
    protocol = new URL(value).protocol;
  } catch {
    // not a URL: refused below
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new UsageError('--chat-redis takes a redis://host:port or rediss://host:port URL.', serveCommand);
  }
  return value;
}

/** The data folder holds the database and the secrets: private to the agent's user. */
function prepareDataDir(dataDir: string, log: (message: string) => void): void {
  let existed = true;
  try {
    statSync(dataDir);
  } catch {
    existed = false;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!existed) chmodSync(dataDir, 0o700);
  else if (process.platform !== 'win32' && (statSync(dataDir).mode & 0o077) !== 0) {
    log(`${dataDir} can be read by other users: \`chmod 700 ${dataDir}\` is advised (it holds the secrets file).`);
  }
}

/** A parsed flag's value, or the usage error saying what is wrong with it. */
function flag<T>(parsed: Parsed<T>): T | undefined {
  if (!parsed.ok) throw new UsageError(parsed.problem, serveCommand);
  return parsed.value;
}
