import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { it } from 'vitest';
import type { Channel, Provider } from '@shared/contract/iptv';
import { bundleNodeScript } from '../../tests/support/bundle-node-script';
import { m3uChunks, programmeTitle, writeChunks, xmltvChunks } from '../../tests/support/iptv/catalog-fixtures';
import { bundledEpgWorker } from '../../tests/support/iptv/epg-worker-bundle';
import { startIptvEngine } from '../../tests/support/iptv/iptv-engine';
import { measureBrowserScroll } from './browser-scroll';

/**
 * `npm run bench:iptv`: importing a 100,000-channel M3U playlist through the engine, searching
 * it, scrolling it in the channel browser (Chromium, through the built web host: run
 * `npx electron-vite build` first; BENCH_BROWSER=0 skips it), and importing a 50 MB XMLTV guide in
 * a separate process (time and peak RSS). Prints one `name: value` line per figure.
 */
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 100_000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 300);

function print(name: string, value: number | string): void {
  process.stdout.write(`${name}: ${typeof value === 'number' ? Number(value.toFixed(1)) : value}\n`);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * What people type (3+ characters, the FTS path): pieces of names with or without accents,
 * numbers, two words, category names, programme words, and strings that match nothing.
 */
function queries(count: number): string[] {
  const base = ['sport', 'cafe', 'café tele', 'euro', 'cinema', 'news 24', 'musica', 'kids', 'docu', 'arte', 'vision', 'sky'];
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const n = 100 + ((i * 7919) % (CHANNELS - 100));
    out.push(base[i % base.length] as string);
    out.push(String(n));
    out.push(`sport ${n % 1000}`);
    out.push('actualites');
    out.push(programmeTitle(n, 1).split(' ')[0]?.toLowerCase() ?? 'journal');
    out.push(`zzq${i}`);
  }
  return out.slice(0, count);
}

/** One or two characters: no trigram, so a scan of names in position order stopped by the page size. */
const SHORT_QUERIES = ['7', 'tf', 'a', 'zz', '42', 'é'];

/**
 * Wall time per search, and the process's CPU time for it (the engine runs in this process): on
 * a loaded machine the wall time's tail is the scheduler's, the CPU time is the search's.
 */
async function timeQueries(
  list: (query: string) => Promise<number>,
  queries: readonly string[],
  cpu: number[] = [],
): Promise<number[]> {
  const times: number[] = [];
  for (const query of queries) {
    const c = process.cpuUsage();
    const s = performance.now();
    await list(query);
    times.push(performance.now() - s);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return times;
}

it('IPTV benchmark', { timeout: 20 * 60_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lm-bench-iptv-'));
  try {
    const playlist = path.join(dir, 'big.m3u');
    await writeChunks(
      playlist,
      m3uChunks({
        channels: CHANNELS,
        groups: 200,
        streamOrigin: 'http://provider.example:8080',
        login: { user: 'u', pass: 'p4ssw0rd' },
      }),
    );
    print('m3u_channels', CHANNELS);
    print('m3u_file_mb', statSync(playlist).size / 1024 / 1024);

    print('load_avg_1m_before', loadavg()[0] ?? 0);
    const t = await startIptvEngine();
    try {
      const lag = monitorEventLoopDelay({ resolution: 10 });
      lag.enable();
      const cpu = process.cpuUsage();
      const started = performance.now();
      const added = await t.call<Provider>('iptv.addProvider', { kind: 'm3u', name: 'Bench', playlist: { file: playlist } });
      const provider = await t.settled(added.id);
      print('m3u_import_100k_ms', performance.now() - started);
      const used = process.cpuUsage(cpu);
      lag.disable();
      print('m3u_import_100k_cpu_ms', (used.user + used.system) / 1000);
      print('m3u_import_main_thread_lag_max_ms', lag.max / 1e6);
      if (provider.status.catalog.channelCount !== CHANNELS) {
        throw new Error(`imported ${provider.status.catalog.channelCount} channels`);
      }

      let hits = 0;
      const list = async (query: string): Promise<number> => {
        const page = await t.call<{ items: Channel[] }>('iptv.listChannels', { providerId: provider.id, query, limit: 50 });
        hits += page.items.length;
        return page.items.length;
      };
      const cpuTimes: number[] = [];
      const times = await timeQueries(list, queries(SEARCHES), cpuTimes);
      print('channel_search_queries', times.length);
      print('channel_search_p50_ms', percentile(times, 50));
      print('channel_search_p95_ms', percentile(times, 95));
      print('channel_search_cpu_p95_ms', percentile(cpuTimes, 95));
      print('channel_search_max_ms', Math.max(...times));
      print('channel_search_avg_hits', hits / times.length);
      const short = await timeQueries(
        list,
        Array.from({ length: 60 }, (_v, i) => SHORT_QUERIES[i % SHORT_QUERIES.length] as string),
      );
      print('channel_search_short_p95_ms', percentile(short, 95));

      const pages: number[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 50; i++) {
        const s = performance.now();
        const page: { nextCursor: string | null } = await t.call('iptv.listChannels', {
          providerId: provider.id,
          cursor,
          limit: 100,
        });
        pages.push(performance.now() - s);
        cursor = page.nextCursor;
      }
      print('channel_page_100_p95_ms', percentile(pages, 95));
    } finally {
      await t.close();
    }

    if (process.env.BENCH_BROWSER !== '0') {
      const scroll = await measureBrowserScroll(playlist, CHANNELS);
      print('browser_first_rows_ms', scroll.firstRowsMs);
      print('browser_scroll_frames', scroll.frames);
      print('browser_scroll_100k_frame_p50_ms', scroll.frameP50Ms);
      print('browser_scroll_100k_frame_p95_ms', scroll.frameP95Ms);
      print('browser_scroll_100k_frame_max_ms', scroll.frameMaxMs);
      print('browser_scroll_raf_interval_p95_ms', scroll.rafP95Ms);
      print('browser_scroll_dropped_frames', scroll.droppedFrames);
      print('browser_scroll_rows_with_data_pct', (100 * scroll.rowsWithData) / Math.max(1, scroll.rowsDrawn));
    }

    const guide = path.join(dir, 'guide.xml');
    await writeChunks(
      guide,
      xmltvChunks({ channels: 2500, programmesPerChannel: 50, startMs: Date.now() - 3600_000, descriptionChars: 260 }),
    );
    print('epg_file_mb', statSync(guide).size / 1024 / 1024);
    const host = await bundleNodeScript(path.resolve(import.meta.dirname, 'epg-import-host.ts'));
    const worker = await bundledEpgWorker();
    const result = await new Promise<{ ms: number; programmes: number; maxRssMb: number; mainThreadLagMaxMs: number }>(
      (resolve, reject) => {
        execFile(process.execPath, [host, path.join(dir, 'epg.db'), guide, worker], { timeout: 600_000 }, (error, stdout) =>
          error ? reject(error) : resolve(JSON.parse(stdout)),
        );
      },
    );
    print('epg_programmes', result.programmes);
    print('epg_import_50mb_ms', result.ms);
    print('epg_import_peak_rss_mb', result.maxRssMb);
    print('epg_import_main_thread_lag_max_ms', result.mainThreadLagMaxMs);
    print('load_avg_1m_after', loadavg()[0] ?? 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
