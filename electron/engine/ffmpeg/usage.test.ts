import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../tests/support/wait-for';
import { spawnFfmpeg } from './runner';
import { parseProcStat, parsePsTime, UsageSampler } from './usage';

const run = promisify(execFile);

describe('UsageSampler on a real FFmpeg (Linux /proc)', () => {
  it('reports CPU % and RSS of an encoding FFmpeg, consistent with ps', async () => {
    const ffmpeg = spawnFfmpeg(
      ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'null', '-'],
      { ffmpegPath: 'ffmpeg' },
    );
    try {
      const sampler = new UsageSampler();
      const first = await sampler.sample(ffmpeg.pid);
      expect(first).not.toBeNull();
      // The first sample has no previous one; the next samples measure the interval between them.
      const busy = await waitFor(
        async () => {
          const usage = await sampler.sample(ffmpeg.pid);
          return usage && usage.cpuPercent > 0 ? usage : null;
        },
        { timeoutMs: 20_000, intervalMs: 500, what: 'a CPU sample above 0 %' },
      );
      expect(busy.cpuPercent).toBeLessThan(200 * 1.5); // 2 cores here, with slack for measuring jitter
      expect(busy.cpuSeconds).toBeGreaterThan(0);
      expect(busy.rssBytes).toBeGreaterThan(5 * 1024 * 1024);
      // RSS grows while x264 warms up: compare readings taken back to back, until they agree.
      await waitFor(
        async () => {
          const { stdout } = await run('ps', ['-o', 'rss=', '-p', String(ffmpeg.pid)]);
          const psRss = Number(stdout.trim()) * 1024;
          const now = await sampler.sample(ffmpeg.pid);
          return now && Math.abs(now.rssBytes - psRss) / psRss < 0.2 ? now : null;
        },
        { timeoutMs: 20_000, intervalMs: 250, what: 'RSS read from /proc agreeing with ps within 20 %' },
      );
    } finally {
      await ffmpeg.stop({ graceMs: 5000 });
    }
    expect(await new UsageSampler().sample(ffmpeg.pid)).toBeNull();
  });
});

describe('usage parsers', () => {
  it('/proc/<pid>/stat with spaces and parentheses in the command name', () => {
    const stat =
      '4242 (ff (mpeg) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 3 0 12345 1000000 2000 18446744073709551615';
    expect(parseProcStat(stat, 100)).toEqual({ cpuSeconds: 3, state: 'S' });
  });

  it('ps TIME column', () => {
    expect([parsePsTime('00:03.50'), parsePsTime('01:02:03'), parsePsTime('2-00:00:01')]).toEqual([3.5, 3723, 172801]);
  });

  it('returns null on a platform without a sampler yet', async () => {
    expect(await new UsageSampler('win32').sample(process.pid)).toBeNull();
  });
});
