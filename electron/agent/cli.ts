import os from 'node:os';
import path from 'node:path';
import { Duplex } from 'node:stream';
import { parseArgs } from 'node:util';
import { serveChannel } from '@shared/rpc/channel-server';
import { bindSession } from '../engine/accounts/session-binding';
import { createAdmin, readSecretLine } from '../engine/accounts/create-admin';
import { createEngine, defaultModules } from '../engine/engine';
import { ndjsonChannel } from '../engine/rpc/ndjson-channel';
import { MemorySecretStore } from '../engine/secrets/secret-store';
import { acquireDataDirLock } from '../engine/storage/data-dir-lock';
import { openDatabase } from '../engine/storage/database';
import { readSystemInfo } from '../engine/system/system-info';

// livemanager-agent: the engine as a headless service. `serve --stdio` speaks the contract as
// NDJSON on stdin/stdout (what an SSH exec channel carries); `doctor` prints what it detects;
// `create-admin --email …` makes an approved admin, its password read from stdin (never argv).
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    stdio: { type: 'boolean', default: false },
    email: { type: 'string' },
    'data-dir': { type: 'string', default: path.join(os.homedir(), '.livemanager-agent') },
  },
});
const command = positionals[0] ?? 'help';

const dataDir = values['data-dir'];
const startEngine = () =>
  createEngine({
    appVersion: __APP_VERSION__,
    dataDir,
    secrets: new MemorySecretStore(),
    mode: 'shared',
    log: (message, error) => console.error(`[engine] ${message}`, error),
  });

if (command === 'serve' && values.stdio) {
  // One engine per data folder: a second one would reap the first one's FFmpeg as crash leftovers.
  let lock;
  try {
    lock = acquireDataDirLock(dataDir);
  } catch (error) {
    console.error(`serve: ${(error as Error).message}`);
    process.exit(3);
  }
  const engine = await startEngine();
  const stream = Duplex.from({ readable: process.stdin, writable: process.stdout });
  const channel = ndjsonChannel(stream);
  // SSH sets SSH_CLIENT ("address port localport"): the peer for login rate limits.
  const peer = process.env.SSH_CLIENT?.split(' ')[0] ?? 'stdio';
  serveChannel(channel, {
    router: engine.router,
    events: engine.events,
    context: { transport: 'stream', peer },
    updateContext: bindSession,
    canReceive: engine.canReceive,
  });
  // Closing stops every FFmpeg gracefully (they run in their own process groups and would
  // otherwise outlive the agent), then frees the data folder.
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    void engine.close().finally(() => {
      lock.release();
      process.exit(0);
    });
  };
  channel.onClose(shutdown);
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} else if (command === 'doctor') {
  // Read-only: no engine, so it is safe beside a running `serve`.
  console.log(JSON.stringify(await readSystemInfo({ appVersion: __APP_VERSION__ }), null, 2));
} else if (command === 'create-admin' && values.email) {
  if (process.stdin.isTTY) process.stderr.write('Password (input is shown; pipe it to hide it): ');
  try {
    // The database only (its migrations applied): safe beside a running `serve` (WAL, busy timeout).
    const db = openDatabase({ dataDir, migrations: defaultModules().flatMap((m) => m.migrations ?? []) });
    try {
      const { user, created } = await createAdmin(db, { email: values.email, password: await readSecretLine(process.stdin) });
      console.log(`${created ? 'Created' : 'Promoted'} admin ${user.email} (${user.id}).`);
    } finally {
      db.close();
    }
  } catch (error) {
    console.error(`create-admin: ${(error as Error).message}`);
    process.exitCode = 1;
  }
} else {
  console.log('Usage: livemanager-agent serve --stdio | doctor | create-admin --email <address>  (password on stdin)');
  process.exitCode = command === 'help' ? 0 : 2;
}
