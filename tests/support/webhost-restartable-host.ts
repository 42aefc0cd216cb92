/**
 * A web host whose port and token the test chooses, so it can be killed and started again at
 * the same address (what a browser tab sees when `npm run dev:web` restarts). Bundled and run
 * by `startRestartableWebHost` (webhost-restartable.ts).
 *
 * argv: <dataDir> <rendererDir> <port> <token>
 */
import { createEngine } from '../../electron/engine/engine';
import { MemorySecretStore } from '../../electron/engine/secrets/secret-store';
import { startWebHost } from '../../electron/webhost/web-host';

const [dataDir, rendererDir, port, token] = process.argv.slice(2);
if (!dataDir || !rendererDir || !port || !token) throw new Error('usage: <dataDir> <rendererDir> <port> <token>');

const engine = await createEngine({
  appVersion: 'e2e',
  dataDir,
  secrets: new MemorySecretStore(),
  mode: 'single-owner',
  log: (message, error) => console.error(`[engine] ${message}`, error),
});
const host = await startWebHost({ router: engine.router, events: engine.events, rendererDir, port: Number(port), token });
process.stdout.write(`LIVEMANAGER_WEB_URL=${host.url}\n`);
