/**
 * Child process of the IPTV benchmark: one M3U import (streamed parse, URL templating, catalog
 * build with FTS5 and indexes) into a fresh engine database, nothing else in the process, so
 * its CPU time is the import's. Run from two checkouts side by side it gives the ratio between
 * two versions of the import on the same machine at the same moment.
 * argv: <data dir> <m3u file> [<built M3U worker>: parse in it; without, parse inline]. Prints
 * one JSON line (CPU time is the process's: both threads).
 */
import { openDatabase } from '../../electron/engine/storage/database';
import { CatalogBuilder } from '../../electron/engine/iptv/catalog/catalog-builder';
import { SecretDictionary } from '../../electron/engine/iptv/catalog/url-template';
import { WarningLog } from '../../electron/engine/iptv/catalog/warnings';
import { importM3u } from '../../electron/engine/iptv/m3u/m3u-import';
import { openByteSource } from '../../electron/engine/iptv/net/byte-source';
import { VLC_USER_AGENT } from '../../electron/engine/iptv/net/http-get';

const [dataDir, file, workerFile] = process.argv.slice(2) as [string, string, string | undefined];
const db = openDatabase({ dataDir, migrations: [] });
const cpu = process.cpuUsage();
// The main thread's own share: with the worker, the import's critical path on two free cores.
const mainCpu = process.threadCpuUsage();
const started = performance.now();
const builder = new CatalogBuilder(db, 1, 1);
const opened = await openByteSource({ file }, { userAgent: VLC_USER_AGENT, maxBytes: 1024 ** 3, what: 'The playlist' });
await importM3u(opened, builder, new SecretDictionary(), new WarningLog(), {
  maxChannels: 1_000_000,
  workerFile: workerFile ?? null,
});
const counts = await builder.finish();
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const usedMain = process.threadCpuUsage(mainCpu);
db.close();
process.stdout.write(
  `${JSON.stringify({
    ms,
    cpuMs: (used.user + used.system) / 1000,
    mainThreadCpuMs: (usedMain.user + usedMain.system) / 1000,
    channels: counts.channels,
  })}\n`,
);
