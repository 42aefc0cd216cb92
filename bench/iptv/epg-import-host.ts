/**
 * Child process of the IPTV benchmark: one EPG import through the real worker, in a process of
 * its own, so its peak RSS is the import's (engine main thread + worker), not the benchmark's.
 * argv: <db path> <xmltv file> <worker file>. Prints one JSON line.
 */
import { DatabaseSync } from 'node:sqlite';
import { runEpgWorker } from '../../electron/engine/iptv/epg/epg-runner';
import { DEFAULT_FETCH_POLICY, VLC_USER_AGENT } from '../../electron/engine/iptv/net/http-get';

const [dbPath, file, workerFile] = process.argv.slice(2) as [string, string, string];
const db = new DatabaseSync(dbPath);
db.exec('PRAGMA journal_mode = WAL');
db.close();
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
let lagMax = 0;
let last = performance.now();
const lag = setInterval(() => {
  const now = performance.now();
  lagMax = Math.max(lagMax, now - last - 10);
  last = now;
}, 10);
const started = performance.now();
const reply = await runEpgWorker(workerFile, {
  dbPath,
  seq: 1,
  generation: 1,
  sources: [{ file }],
  userAgent: VLC_USER_AGENT,
  policy: DEFAULT_FETCH_POLICY,
  maxBytes: 1024 * 1024 * 1024,
  window: { fromMs: 0, toMs: Number.MAX_SAFE_INTEGER },
  secrets: [],
});
const ms = performance.now() - started;
clearInterval(sampler);
clearInterval(lag);
const maxRssMb = Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1024 / 1024;
process.stdout.write(`${JSON.stringify({ ms, programmes: reply.programmes, maxRssMb, mainThreadLagMaxMs: lagMax })}\n`);
