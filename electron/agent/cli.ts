import os from 'node:os';
import path from 'node:path';
import { Duplex } from 'node:stream';
import { parseArgs } from 'node:util';
import { serveChannel } from '@shared/rpc/channel-server';
import { bindSession } from '../engine/accounts/session-binding';
import { createAdmin, readSecretLine } from '../engine/accounts/create-admin';
import { LOCAL_OWNER } from '../engine/context';
import { createEngine } from '../engine/engine';
import { ndjsonChannel } from '../engine/rpc/ndjson-channel';
import { MemorySecretStore } from '../engine/secrets/secret-store';

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

const engine = await createEngine({
  appVersion: __APP_VERSION__,
  dataDir: values['data-dir'],
  secrets: new MemorySecretStore(),
  mode: 'shared',
  log: (message, error) => console.error(`[engine] ${message}`, error),
});

if (command === 'serve' && values.stdio) {
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
  channel.onClose(() => void engine.close().finally(() => process.exit(0)));
} else if (command === 'doctor') {
  const result = await engine.router.call('system.info', {}, { transport: 'local', caller: LOCAL_OWNER });
  console.log(JSON.stringify(result.ok ? result.value : result.error, null, 2));
  await engine.close();
} else if (command === 'create-admin' && values.email) {
  if (process.stdin.isTTY) process.stderr.write('Password (input is shown; pipe it to hide it): ');
  try {
    const { user, created } = await createAdmin(engine.db, { email: values.email, password: await readSecretLine(process.stdin) });
    console.log(`${created ? 'Created' : 'Promoted'} admin ${user.email} (${user.id}).`);
  } catch (error) {
    console.error(`create-admin: ${(error as Error).message}`);
    process.exitCode = 1;
  }
  await engine.close();
} else {
  console.log('Usage: livemanager-agent serve --stdio | doctor | create-admin --email <address>  (password on stdin)');
  process.exitCode = command === 'help' ? 0 : 2;
}
