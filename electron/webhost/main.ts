import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bindSession } from '../engine/accounts/session-binding';
import { createEngine, type Engine } from '../engine/engine';
import { LIVES_HOST_FLAGS_HELP, parseLivesCap, parseOverloadPolicy } from '../engine/lives/host-options';
import type { SecretStore } from '../engine/secrets/secret-store';
import { DataDirBusyError, acquireDataDirLock, type DataDirLock } from '../engine/storage/data-dir-lock';
import { defaultWebDataDir } from './web-data-dir';
import { startWebHost, type WebHost } from './web-host';
import { SECRETS_CHOICES, keychainServiceOf, openWebSecrets, type SecretsChoice } from './web-secrets';

// `npm run dev:web`: the renderer in a normal browser, backed by the same engine handlers Electron
// main mounts. Lives and secrets persist in a per-user data folder. Prints one line for a person,
// "LiveManager is running: open <url> (Ctrl+C to stop)", which tests wait for too.
const USAGE =
  'Usage: npm run dev:web -- [--port N] [--data-dir DIR] [--secrets auto|keychain|file] [--mode single-owner|shared]' +
  ' [--max-lives-per-owner N] [--overload warn|queue]';
const HELP = [
  USAGE,
  '       node out/main/webhost.js [same options]   (after npm run build)',
  '',
  'Serves the LiveManager UI on http://127.0.0.1 for a normal browser, with a per-start token in the address.',
  '',
  '  --port N          port on 127.0.0.1 (default 5199, or $LIVEMANAGER_WEB_PORT; 0 picks a free one)',
  `  --data-dir DIR    where lives are kept (default ${defaultWebDataDir()})`,
  '  --secrets WHERE   where stream keys and passwords are kept: auto (the OS keychain when one answers,',
  '                    else an encrypted file in the data folder), keychain, or file',
  "  --mode MODE       single-owner (default: no sign-in, as the desktop app) or shared (a team's engine:",
  '                    people register and sign in, an admin approves them, as on a VPS agent)',
  ...LIVES_HOST_FLAGS_HELP,
].join('\n');

function usageError(message: string): never {
  console.error(`webhost: ${message}\n${USAGE}`);
  process.exit(2);
}

function fatal(message: string): never {
  console.error(`webhost: ${message}`);
  process.exit(1);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.LIVEMANAGER_WEB_PORT ?? '5199' },
      renderer: { type: 'string', default: path.resolve(import.meta.dirname, '../renderer') },
      'data-dir': { type: 'string' },
      secrets: { type: 'string', default: 'auto' },
      mode: { type: 'string', default: 'single-owner' },
      'max-lives-per-owner': { type: 'string' },
      overload: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  usageError(`${(error as Error).message.split('. To specify')[0]?.replace(/\.$/, '')}.`);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65_535) {
  usageError(`--port takes a port number from 0 to 65535, not "${values.port}".`);
}
if (!(SECRETS_CHOICES as readonly string[]).includes(values.secrets)) {
  usageError(`--secrets is auto, keychain or file, not "${values.secrets}".`);
}
if (values.mode !== 'single-owner' && values.mode !== 'shared') {
  usageError(`--mode is single-owner or shared, not "${values.mode}".`);
}
const livesCap = parseLivesCap(values['max-lives-per-owner']);
if (!livesCap.ok) usageError(livesCap.problem);
const overload = parseOverloadPolicy(values.overload);
if (!overload.ok) usageError(overload.problem);
const mode = values.mode;
const port = Number(values.port);
const dataDir = path.resolve(values['data-dir'] ?? defaultWebDataDir());

mkdirSync(dataDir, { recursive: true, mode: 0o700 });
let lock: DataDirLock;
try {
  lock = acquireDataDirLock(dataDir);
} catch (error) {
  if (!(error instanceof DataDirBusyError)) fatal((error as Error).message);
  fatal(
    `another LiveManager (pid ${error.holderPid}) is already using ${dataDir}: open the address it printed, ` +
      'or stop it (Ctrl+C in its terminal), or start this one with --data-dir <another folder>.',
  );
}
chmodSync(dataDir, 0o700);

let secrets: SecretStore;
try {
  secrets = await openWebSecrets({
    dataDir,
    choice: values.secrets as SecretsChoice,
    keychain: async () => {
      // Loaded only here: its native add-on may be missing on an odd platform, and the file store is enough.
      const { KeychainSecretStore } = await import('../main/secrets/keychain-secret-store');
      return new KeychainSecretStore(keychainServiceOf(dataDir));
    },
  });
} catch (error) {
  lock.release();
  fatal((error as Error).message);
}

const engine: Engine = await createEngine({
  appVersion: __APP_VERSION__,
  dataDir,
  secrets,
  mode,
  maxLivesPerOwner: livesCap.value,
  overloadPolicy: overload.value,
  log: (message, error) => console.error(`[engine] ${message}`, error ?? ''),
});
let host: WebHost;
try {
  host = await startWebHost({
    router: engine.router,
    events: engine.events,
    rendererDir: values.renderer,
    port,
    dataDir,
    ...(mode === 'shared' ? { sessions: { canReceive: engine.canReceive, updateContext: bindSession } } : {}),
  });
} catch (error) {
  await engine.close();
  lock.release();
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    fatal(
      `port ${port} on 127.0.0.1 is already in use (another LiveManager web host?): stop that program, ` +
        `or choose another port: npm run dev:web -- --port ${port === 65_535 ? 5200 : port + 1} (0 picks a free one).`,
    );
  }
  fatal(`could not listen on 127.0.0.1:${port}: ${(error as Error).message}`);
}

const where = { keychain: 'the OS keychain', 'encrypted-file': 'an encrypted file in the data folder' } as const;
console.error(
  `Lives are kept in ${dataDir}; stream keys in ${secrets.kind === 'keychain' ? where.keychain : where['encrypted-file']}.`,
);
console.log(`LiveManager is running: open ${host.url} (Ctrl+C to stop)`);

let stopping = false;
const shutdown = (): void => {
  if (stopping) return;
  stopping = true;
  void Promise.all([host.close(), engine.close()]).finally(() => {
    lock.release();
    process.exit(0);
  });
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
