/**
 * A restream engine in its own process, for crash tests: it starts one live and prints
 * `LIVE <liveId>` once the live is on air, then runs until killed. Bundled and started by
 * `spawnEngineHost` (restream-engine-process.ts).
 *
 * argv: <dataDir> <sourceFile> <ingestUrl> <streamKey>
 */
import { startRestreamEngine } from './restream-engine';

const [dataDir, sourceFile, ingestUrl, streamKey] = process.argv.slice(2);
if (!dataDir || !sourceFile || !ingestUrl || !streamKey) throw new Error('usage: <dataDir> <sourceFile> <ingestUrl> <streamKey>');

const engine = await startRestreamEngine({}, dataDir);
const live = await engine.createLive({
  title: 'Crash drill',
  source: { kind: 'file', path: sourceFile },
  loop: { kind: 'forever' },
  destinations: [
    { name: 'Ingest', kind: 'custom-rtmp', url: ingestUrl, streamKey },
    { name: 'Preview', kind: 'hls-local' },
  ],
});
await engine.start(live.id);
await engine.waitForState(live.id, 'live');
process.stdout.write(`LIVE ${live.id}\n`);
setInterval(() => undefined, 60_000); // stay up until killed
