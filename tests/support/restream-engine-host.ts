/**
 * A restream engine in its own process, for crash tests: it starts a hub live (the ingest + the
 * HLS preview) and, given a second key, a direct-mode live (the ingest alone), prints
 * `LIVE <hubLiveId> [<directLiveId>]` once they are on air, then runs until killed. Bundled and
 * started by `spawnEngineHost` (restream-engine-process.ts).
 *
 * argv: <dataDir> <sourceFile> <ingestUrl> <streamKey> [<directStreamKey>]
 */
import { startRestreamEngine } from './restream-engine';

const [dataDir, sourceFile, ingestUrl, streamKey, directKey] = process.argv.slice(2);
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
const direct = directKey
  ? await engine.createLive({
      title: 'Crash drill (direct)',
      source: { kind: 'file', path: sourceFile },
      loop: { kind: 'forever' },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: ingestUrl, streamKey: directKey }],
    })
  : undefined;
if (direct) await engine.start(direct.id);
await engine.waitForState(live.id, 'live');
if (direct) await engine.waitForState(direct.id, 'live');
process.stdout.write(`LIVE ${live.id}${direct ? ` ${direct.id}` : ''}\n`);
setInterval(() => undefined, 60_000); // stay up until killed
