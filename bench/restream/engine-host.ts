/**
 * The engine alone in its own process, supervising N passthrough lives, so the benchmark can
 * read its CPU and RSS from /proc. Prints `READY` once every live is on air; SIGTERM closes the
 * engine (graceful stop of every FFmpeg) and exits.
 *
 * argv: <dataDir> <sourceFile> <ingestUrl> <lives>
 */
import { startRestreamEngine } from '../../tests/support/restream-engine';

const [dataDir, sourceFile, ingestUrl, count] = process.argv.slice(2);
if (!dataDir || !sourceFile || !ingestUrl || !count) throw new Error('usage: <dataDir> <sourceFile> <ingestUrl> <lives>');

// Default runtime tuning (production backoff and stale period), quiet log. BENCH_HUB=1 sends
// every live through the hub, as before direct mode, for comparison.
const engine = await startRestreamEngine(
  { backoff: undefined, staleMs: 20_000, statsEveryMs: 5000, directSingleOutput: process.env.BENCH_HUB !== '1' },
  dataDir,
  () => undefined,
);
const ids: string[] = [];
for (let i = 0; i < Number(count); i += 1) {
  const live = await engine.createLive({
    title: `Bench ${i}`,
    source: { kind: 'file', path: sourceFile },
    loop: { kind: 'forever' },
    destinations: [
      { name: 'Ingest', kind: 'custom-rtmp', url: ingestUrl, streamKey: `bench-engine-${String(i).padStart(3, '0')}` },
    ],
  });
  ids.push(live.id);
}
await Promise.all(ids.map((id) => engine.start(id)));
await Promise.all(ids.map((id) => engine.waitForState(id, 'live', 120_000)));
process.stdout.write('READY\n');
process.once('SIGTERM', () => {
  void engine.close().finally(() => process.exit(0));
});
setInterval(() => undefined, 60_000);
