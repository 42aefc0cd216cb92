import os from 'node:os';
import path from 'node:path';
import { Duplex } from 'node:stream';
import { parseArgs } from 'node:util';
import { serveChannel } from '@shared/rpc/channel-server';
import { createEngine } from '../engine/engine';
import { ndjsonChannel } from '../engine/rpc/ndjson-channel';
import { MemorySecretStore } from '../engine/secrets/secret-store';

// livemanager-agent: the engine as a headless service. `serve --stdio` speaks the contract as
// NDJSON on stdin/stdout (what an SSH exec channel carries); `doctor` prints what it detects.
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    stdio: { type: 'boolean', default: false },
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
  serveChannel(channel, { router: engine.router, events: engine.events, context: { transport: 'stream' } });
  channel.onClose(() => void engine.close().finally(() => process.exit(0)));
} else if (command === 'doctor') {
  const result = await engine.router.call('system.info', {}, { transport: 'local' });
  console.log(JSON.stringify(result.ok ? result.value : result.error, null, 2));
  await engine.close();
} else {
  console.log('Usage: livemanager-agent serve --stdio | doctor');
  process.exitCode = command === 'help' ? 0 : 2;
}
