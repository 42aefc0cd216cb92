import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../engine/engine';
import { MemorySecretStore } from '../engine/secrets/secret-store';
import { startWebHost } from './web-host';

// `npm run dev:web`: the renderer in a normal browser, backed by the same engine handlers
// Electron main mounts. Prints one line `LIVEMANAGER_WEB_URL=<url>` that tests wait for.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.LIVEMANAGER_WEB_PORT ?? '5199' },
    renderer: { type: 'string', default: path.resolve(import.meta.dirname, '../renderer') },
    'data-dir': { type: 'string' },
  },
});

const dataDir = values['data-dir'] ?? mkdtempSync(path.join(os.tmpdir(), 'livemanager-web-'));
const engine = await createEngine({
  appVersion: __APP_VERSION__,
  dataDir,
  secrets: new MemorySecretStore(),
  mode: 'single-owner',
  log: (message, error) => console.error(`[engine] ${message}`, error),
});
const host = await startWebHost({
  router: engine.router,
  events: engine.events,
  rendererDir: values.renderer,
  port: Number(values.port),
  dataDir,
});
console.log(`LIVEMANAGER_WEB_URL=${host.url}`);

const shutdown = (): void => {
  void Promise.all([host.close(), engine.close()]).finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
