import { execFile } from 'node:child_process';
import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyExit } from '@shared/ffmpeg/classify';
import { mediaFixture, probeStreams } from '../../../tests/support/media';
import { waitFor } from '../../../tests/support/wait-for';
import { isAlive } from './process-group';
import { spawnFfmpeg, spawnProcess, type RunningProcess } from './runner';

const run = promisify(execFile);
const FFMPEG = 'ffmpeg';
const KEY = 'live_123456789_AbCdEfGhIjKlMnOp';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lm-runner-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Test pattern encoded in real time: a long-running FFmpeg that never ends by itself. */
const PATTERN = ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=sample_rate=48000'];
const X264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac'];

/** Running = exists and is not a zombie (this container's PID 1 does not reap orphans). */
function running(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Pids whose process group is `pgid`, from /proc (Linux). */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

async function waitForProgress(process: RunningProcess, outTimeUs: number): Promise<void> {
  await waitFor(() => (process.lastProgress?.outTimeUs ?? 0) >= outTimeUs || process.exit, {
    timeoutMs: 30_000,
    what: () => `progress past ${outTimeUs} us (tail: ${process.stderrTail(3).join(' | ')})`,
  });
  expect(process.exit).toBeNull();
}

describe('spawnFfmpeg with real FFmpeg', () => {
  it('stop() sends q first: the MP4 trailer is written and ffprobe can read it', async () => {
    const out = path.join(dir, 'graceful.mp4');
    const ffmpeg = spawnFfmpeg([...PATTERN, ...X264, out], { ffmpegPath: FFMPEG });
    await waitForProgress(ffmpeg, 1_000_000);
    // Its own process group (detached), led by itself, not the engine's group.
    expect(groupMembers(ffmpeg.pid)).toEqual([ffmpeg.pid]);
    const started = Date.now();
    const exit = await ffmpeg.stop({ graceMs: 15_000 });
    expect(exit.endedBy).toBe('q');
    expect(exit.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    const streams = await probeStreams(out);
    expect(streams.map((s) => s.codecName).sort()).toEqual(['aac', 'h264']);
  });

  it('control: the same run killed with SIGKILL leaves an MP4 ffprobe cannot read', async () => {
    const out = path.join(dir, 'killed.mp4');
    const ffmpeg = spawnFfmpeg([...PATTERN, ...X264, out], { ffmpegPath: FFMPEG });
    await waitForProgress(ffmpeg, 1_000_000);
    process.kill(ffmpeg.pid, 'SIGKILL');
    await ffmpeg.exited;
    await expect(probeStreams(out)).rejects.toThrow();
  });

  it('with stdin as the media pipe, stop() ends the input and the output is finalised', async () => {
    const source = await mediaFixture('h264-aac-360p', 4);
    const ts = path.join(dir, 'feed.ts');
    await run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', '-i', source, '-c', 'copy', '-f', 'mpegts', ts]);
    const out = path.join(dir, 'from-pipe.mp4');
    const ffmpeg = spawnFfmpeg(['-f', 'mpegts', '-i', 'pipe:0', '-c', 'copy', out], {
      ffmpegPath: FFMPEG,
      stdin: 'media',
    });
    expect(ffmpeg.stdin).not.toBeNull();
    // Feed the TS without closing stdin: the process would wait for more forever.
    const feed = createReadStream(ts);
    feed.pipe(ffmpeg.stdin!, { end: false });
    await new Promise<void>((resolve) => feed.once('end', () => resolve()));
    expect(ffmpeg.exit).toBeNull();
    const exit = await ffmpeg.stop({ graceMs: 15_000 });
    expect(exit.endedBy).toBe('endOfInput');
    expect(exit.code).toBe(0);
    expect((await probeStreams(out)).map((s) => s.codecName).sort()).toEqual(['aac', 'h264']);
  });

  it('reports progress blocks from fd 3 and keeps them off stderr', async () => {
    const blocks: number[] = [];
    const ffmpeg = spawnFfmpeg([...PATTERN, '-t', '1.5', ...X264, '-f', 'null', '-'], {
      ffmpegPath: FFMPEG,
      onProgress: (p) => blocks.push(p.frame ?? -1),
    });
    const exit = await ffmpeg.exited;
    expect(exit.code).toBe(0);
    expect(blocks.length).toBeGreaterThan(1);
    expect(ffmpeg.lastProgress?.status).toBe('end');
    // Only FFmpeg's final summary line may mention frames; no progress block leaks into stderr.
    expect(exit.stderrTail.some((line) => /^(progress|out_time_us|total_size)=/.test(line))).toBe(false);
    expect(exit.stderrTail.filter((line) => line.startsWith('frame=')).length).toBeLessThanOrEqual(1);
  });

  it('redacts the key from the command line and from stderr, and the exit is classified', async () => {
    const url = `rtmp://127.0.0.1:1/live/${KEY}`;
    const ffmpeg = spawnFfmpeg([...PATTERN, '-t', '1', ...X264, '-f', 'flv', url], {
      ffmpegPath: FFMPEG,
      secrets: [KEY],
    });
    expect(ffmpeg.commandLine).toContain('rtmp://127.0.0.1:1/live/••••MnOp');
    expect(ffmpeg.commandLine).toMatch(
      /^ffmpeg -hide_banner -nostats -loglevel info -progress pipe:3 -y -re -f lavfi -i testsrc2=size=320x240:rate=25 /,
    );
    expect(ffmpeg.commandLine).not.toContain(KEY);
    const exit = await ffmpeg.exited;
    expect(exit.code).not.toBe(0);
    expect(exit.stderrTail.join('\n')).not.toContain(KEY);
    expect(exit.stderrTail.join('\n')).toContain('••••MnOp');
    expect(classifyExit(exit.stderrTail, exit.code, { role: 'output' }).kind).toBe('connectionRefused');
  });

  it('a missing binary is a clear error, not a crash', () => {
    expect(() => spawnFfmpeg(['-version'], { ffmpegPath: '/nonexistent/ffmpeg' })).toThrow(
      /Could not start \/nonexistent\/ffmpeg/,
    );
  });
});

describe('stop ladder on a process that ignores SIGTERM', () => {
  it('SIGKILLs the whole group within the bound and leaves nothing running', async () => {
    // Stand-in only (argument array, no shell string built from input): a shell ignoring TERM
    // with a background child in the same group, also ignoring TERM (ignored signals are inherited).
    const child = spawnProcess('sh', ['-c', 'trap "" TERM; sleep 100 & sleep 100; wait']);
    await waitFor(() => groupMembers(child.pid).length >= 3, { timeoutMs: 10_000, what: 'sh and its two sleeps' });
    const members = groupMembers(child.pid);
    const started = Date.now();
    const exit = await child.stop({ graceMs: 300, termMs: 700 });
    const elapsed = Date.now() - started;
    expect(exit.endedBy).toBe('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(5000);
    await waitFor(() => members.every((pid) => !running(pid)), { timeoutMs: 5000, what: 'every group member to be gone' });
    expect(groupMembers(child.pid)).toEqual([]);
  });

  it('a second stop() returns the same exit', async () => {
    const child = spawnProcess('sleep', ['30']);
    const [a, b] = await Promise.all([child.stop({ graceMs: 200, termMs: 2000 }), child.stop()]);
    expect(a).toBe(b);
    expect(a.endedBy).toBe('SIGTERM'); // sleep has no stdin reader: q does nothing, TERM ends it
    expect(await child.stop()).toBe(a);
  });
});
