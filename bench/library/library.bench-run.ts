import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { it } from 'vitest';
import type { LibraryItem, OptimizeJob } from '@shared/contract/library';
import type { NewItem } from '../../electron/engine/library/items/item-store';
import { startLibraryEngine } from '../../tests/support/library/library-engine';
import { waitFor } from '../../tests/support/wait-for';

/**
 * `npm run bench:library`: a 1-hour file imported (in place) until it is probed and has its
 * poster and strip; searches over 20,000 items through the engine's router; the 720p rendition
 * of a 1080p clip encoded by an optimize job (x264), as a multiple of real time. Prints one
 * `name: value` line per figure.
 */
const run = promisify(execFile);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 20_000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 300);
const FIXTURES = path.join(tmpdir(), 'livemanager-bench-library');
/** `BENCH_PARTS=search,poster` runs only those figures (all by default: poster, search, optimize). */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'poster,search,optimize').split(','));

function print(name: string, value: number | string): void {
  process.stdout.write(`${name}: ${typeof value === 'number' ? Math.round(value * 100) / 100 : value}\n`);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A one-hour H.264/AAC MP4: one minute encoded, then repeated by stream copy (made once, kept in /tmp). */
async function oneHourFile(): Promise<string> {
  mkdirSync(FIXTURES, { recursive: true });
  const hour = path.join(FIXTURES, 'one-hour.mp4');
  if (existsSync(hour)) return hour;
  const minute = path.join(FIXTURES, 'one-minute.mp4');
  await run('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=25:d=60', '-f', 'lavfi', '-i', 'sine=d=60'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-pix_fmt', 'yuv420p', '-c:a', 'aac', minute],
  ]);
  await run('ffmpeg', ['-v', 'error', '-y', '-stream_loop', '59', '-i', minute, '-c', 'copy', '-movflags', '+faststart', hour]);
  return hour;
}

async function clip1080(): Promise<{ file: string; seconds: number }> {
  mkdirSync(FIXTURES, { recursive: true });
  const file = path.join(FIXTURES, 'clip-1080p-30s.mp4');
  if (!existsSync(file)) {
    await run('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=1920x1080:r=30:d=30', '-f', 'lavfi', '-i', 'sine=d=30'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file],
    ]);
  }
  return { file, seconds: 30 };
}

/** CPU time (user + system) of this process's finished children (FFmpeg, ffprobe), from /proc. */
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // After "pid (comm) ": state is field 0; cutime and cstime are fields 13 and 14 (stat's 16 and 17).
  const ticks = Number(fields[13]) + Number(fields[14]);
  return (ticks * 1000) / 100;
}

it('library figures', async () => {
  // 1. Probe and poster of a one-hour file.
  const hour = await oneHourFile();
  const engine = await startLibraryEngine();
  try {
    const started = performance.now();
    const cpuBefore = childrenCpuMs();
    await engine.importAndWait([hour], 'reference');
    const [item] = await engine.items();
    if (item?.status !== 'ready' || !item.posterUrl) throw new Error(`The 1-hour file is not ready: ${JSON.stringify(item)}`);
    if (PARTS.has('poster')) {
      print('probe_and_poster_1h_ms', performance.now() - started);
      // FFmpeg's own CPU time: steadier than wall time on a loaded machine.
      print('probe_and_poster_1h_ffmpeg_cpu_ms', childrenCpuMs() - cpuBefore);
    }
    if (!PARTS.has('search') && !PARTS.has('optimize')) return;

    // 2. Search over 20,000 items (rows written straight into the store: the figure is the query's).
    const store = engine.library.built().domain.items;
    const template = item;
    const words = ['morning', 'show', 'concert', 'interview', 'episode', 'trailer', 'replay', 'live', 'news', 'sport'];
    for (let i = 0; i < ITEMS; i++) {
      const name = `${words[i % 10]} ${words[(i * 7) % 10]} ${i}.mp4`;
      const record: NewItem = {
        id: `bench-${i}`,
        ownerId: 'local',
        name,
        path: `/media/bench/${name}`,
        storage: 'reference',
        sizeBytes: 1_000_000 + i,
        fileMtimeMs: 0,
        fingerprint: null,
        addedAt: Date.now() - i * 1000,
        status: 'ready',
        notes: [],
        media: template.media,
        verdict: template.verdict,
        thumbs: null,
        originalId: null,
        rendition: null,
      };
      store.insert(record);
    }
    if (PARTS.has('search')) {
      const queries = ['concert', 'show 12', 'épisode', 'replay live', 'news 1999', 'trailer'];
      const times: number[] = [];
      const cpuTimes: number[] = [];
      for (let i = 0; i < SEARCHES; i++) {
        const at = performance.now();
        const cpuAt = process.cpuUsage();
        await engine.call<{ items: LibraryItem[] }>('library.list', { query: queries[i % queries.length], limit: 60 });
        const cpu = process.cpuUsage(cpuAt);
        times.push(performance.now() - at);
        cpuTimes.push((cpu.user + cpu.system) / 1000);
      }
      print('library_items', ITEMS + 1);
      print('library_search_p95_ms', percentile(times, 95));
      print('library_search_p50_ms', percentile(times, 50));
      // The engine's CPU time per search: what a loaded machine's wall time hides.
      print('library_search_cpu_p95_ms', percentile(cpuTimes, 95));
    }
    if (!PARTS.has('optimize')) return;

    // 3. The 720p rendition of a 1080p clip, x264, as a multiple of real time.
    const clip = await clip1080();
    await engine.importAndWait([clip.file], 'reference');
    const source = (await engine.items()).find((i) => i.path === clip.file);
    if (!source) throw new Error('The 1080p clip was not imported.');
    const job = await engine.call<OptimizeJob>('library.optimize', { itemId: source.id, outputs: ['720p'] });
    const jobStarted = performance.now();
    await waitFor(
      async () => {
        const { items: jobs } = await engine.call<{ items: OptimizeJob[] }>('library.listJobs', { itemId: source.id });
        const state = jobs.find((j) => j.id === job.id)?.state;
        if (state === 'failed' || state === 'cancelled') throw new Error(`The optimize job ${state}.`);
        return state === 'done' ? true : undefined;
      },
      { timeoutMs: 600_000, intervalMs: 100, what: 'the 720p rendition' },
    );
    print('optimize_realtime_factor', clip.seconds / ((performance.now() - jobStarted) / 1000));
  } finally {
    await engine.close();
  }
});
