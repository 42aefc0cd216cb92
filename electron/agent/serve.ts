import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { DataDirBusyError, acquireDataDirLock, type DataDirLock } from '../engine/storage/data-dir-lock';
import { createEngine, type Engine } from '../engine/engine';
import { openEncryptedFileSecretStore } from '../engine/secrets/encrypted-file-secret-store';
import { listenAgentSocket, type AgentSocket } from './agent-socket';
import { DATA_DIR_OPTION, EXIT, PROGRAM, UsageError, stringValue, type Command } from './command';
import { dataDirOf, socketPathOf } from './paths';
import { PUBLIC_LISTEN_DETAILS, PUBLIC_LISTEN_OPTIONS, publicListenerOf } from './public-listen';

export const serveCommand: Command = {
  name: 'serve',
  usage: [`${PROGRAM} serve [--data-dir DIR] [--secrets-key FILE] [--public-listen ADDR:PORT [--public-url URL]]`],
  summary:
    'Run the engine as a long-running service (what the systemd unit starts). Its RPC listens on the Unix socket ' +
    'agent.sock (0600) in the data folder; clients reach it with `attach`. Lives keep running whoever comes and goes; ' +
    'SIGTERM stops them gracefully, then exits.',
  details: [
    '  --data-dir DIR      data folder (default $LIVEMANAGER_AGENT_DIR or ~/.livemanager-agent)',
    '  --secrets-key FILE  key of the encrypted secrets file (default DIR/secrets.key; a systemd',
    '                      credential named livemanager-secrets-key wins when the unit has one)',
    ...PUBLIC_LISTEN_DETAILS,
  ],
  options: { ...DATA_DIR_OPTION, 'secrets-key': { type: 'string' }, stdio: { type: 'boolean' }, ...PUBLIC_LISTEN_OPTIONS },
  async run({ values }, io) {
    if (values.stdio) {
      throw new UsageError('serve --stdio is gone: run `serve` as a service and connect with `attach`.', serveCommand);
    }
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
