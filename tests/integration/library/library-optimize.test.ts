import { execFile } from 'node:child_process';
import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncoderChoice, LibraryItem, OptimizeJob } from '@shared/contract/library';
import type { RunStats } from '@shared/contract/lives';
import { ffmpegPidsWith } from '../../support/restream-engine';
import { startLibraryEngine, type LibraryTestEngine } from '../../support/library/library-engine';
import { waitFor } from '../../support/wait-for';

const run = promisify(execFile);

let engine: LibraryTestEngine;
let work: string;
let hevc: LibraryItem;
let long: LibraryItem;

async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { timeout: 180_000 });
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'lm-optimize-'));
  const hevcFile = path.join(work, 'concert.mkv');
  await ffmpeg([
    ...['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25:duration=6'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000:duration=6'],
    ...['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'ac3', '-b:a', '192k', hevcFile],
  ]);
  // Long enough that a job is still running when cancelled or paused, whatever the machine's load.
  const longFile = path.join(work, 'long talk.mp4');
  await ffmpeg([
    ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25:duration=240'],
    ...['-f', 'lavfi', '-i', 'sine=duration=240'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '250', '-c:a', 'aac', longFile],
  ]);
  engine = await startLibraryEngine({ log: () => undefined });
  await engine.importAndWait([hevcFile, longFile], 'reference');
  const items = await engine.items();
  hevc = items.find((i) => i.name === 'concert.mkv') as LibraryItem;
  long = items.find((i) => i.name === 'long talk.mp4') as LibraryItem;
}, 300_000);

afterAll(async () => {
  await engine?.close();
  await rm(work, { recursive: true, force: true });
});

/** Byte offsets of the top-level MP4 boxes, in file order. */
async function topLevelBoxes(file: string): Promise<string[]> {
  const handle = await open(file, 'r');
  const boxes: string[] = [];
  try {
    const { size } = await handle.stat();
    let offset = 0;
    const header = Buffer.alloc(16);
    while (offset < size && boxes.length < 20) {
      await handle.read(header, 0, 16, offset);
      let boxSize = header.readUInt32BE(0);
      if (boxSize === 1) boxSize = Number(header.readBigUInt64BE(8));
      boxes.push(header.toString('latin1', 4, 8));
      if (boxSize < 8) break;
      offset += boxSize;
    }
  } finally {
    await handle.close();
  }
  return boxes;
}

async function keyframeTimes(file: string): Promise<number[]> {
  const { stdout } = await run('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0', '-skip_frame', 'nokey'],
    ...['-show_entries', 'frame=pts_time', '-of', 'csv=p=0', file],
  ]);
  return stdout
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => Number(line.split(',')[0]));
}

describe('optimize', () => {
  it('makes a streaming-ready copy and a rendition (H.264/AAC, faststart, 2 s GOP), linked to the original', async () => {
    const job = await engine.call<OptimizeJob>('library.optimize', { itemId: hevc.id, outputs: ['stream', '360p'] });
    expect(job).toMatchObject({ state: 'queued', outputs: ['stream', '360p'], itemName: 'concert.mkv' });
    const done = await engine.waitForJob(job.id, ['done', 'failed']);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ state: 'done', percent: 100, encoder: 'libx264' });
    expect(done.resultItemIds).toHaveLength(2);
    const [stream, small] = await Promise.all(
      done.resultItemIds.map((itemId) => engine.call<LibraryItem>('library.get', { itemId })),
    );
    for (const output of [stream, small]) {
      expect(output).toMatchObject({ originalId: hevc.id, status: 'ready', storage: 'library' });
      expect(output?.media?.video?.codec).toBe('h264');
      expect(output?.media?.audio.map((a) => [a.codec, a.channels])).toEqual([['aac', 2]]);
      expect(output?.media?.durationSec).toBeCloseTo(6, 0);
      expect(output?.verdict?.kind).toBe('asIs');
      const boxes = await topLevelBoxes(output?.path ?? '');
      expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
      const keys = await keyframeTimes(output?.path ?? '');
      expect(keys.slice(0, 3)).toEqual([0, 2, 4]);
    }
    expect(stream).toMatchObject({ rendition: 'stream', name: 'concert (stream).mp4' });
    expect(stream?.media?.video).toMatchObject({ width: 1280, height: 720 });
    expect(small).toMatchObject({ rendition: '360p', name: 'concert (360p).mp4' });
    expect(small?.media?.video).toMatchObject({ width: 640, height: 360 });
    const renditions = await engine.call<{ items: LibraryItem[] }>('library.list', { originalId: hevc.id });
    expect(renditions.items.map((i) => i.rendition).sort()).toEqual(['360p', 'stream']);
  }, 180_000);

  it('never upscales: a rendition taller than the source is refused with the sizes', async () => {
    await expect(engine.call('library.optimize', { itemId: hevc.id, outputs: ['1080p'] })).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
      message: 'This file is 1280x720: 1080p would be larger than it (renditions are never upscaled).',
    });
  });

  it('a cancelled job leaves nothing: no process, no file, no item', async () => {
    const { myFolder } = await engine.call<{ myFolder: string }>('library.getSettings');
    const before = await readdir(myFolder);
    const itemsBefore = (await engine.items()).length;
    const job = await engine.call<OptimizeJob>('library.optimize', { itemId: long.id, outputs: ['stream', '240p'] });
    const marker = `.part-${job.id.slice(0, 8)}`;
    await engine.waitForJob(job.id, ['running']);
    await waitFor(
      async () => (await ffmpegPidsWith(marker)).length === 1 && (await readdir(myFolder)).some((f) => f.includes(marker)),
      {
        what: 'the job to write its output',
      },
    );
    const cancelled = await engine.call<OptimizeJob>('library.cancelJob', { jobId: job.id });
    expect(cancelled.state).toBe('cancelled');
    expect(await ffmpegPidsWith(marker)).toEqual([]);
    expect(await readdir(myFolder)).toEqual(before);
    expect(await engine.items()).toHaveLength(itemsBefore);
    await expect(engine.call('library.cancelJob', { jobId: job.id })).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('pauses while a live encodes (SIGSTOP), and goes on when the live ends', async () => {
    const job = await engine.call<OptimizeJob>('library.optimize', { itemId: long.id, outputs: ['240p'] });
    const marker = `.part-${job.id.slice(0, 8)}`;
    await engine.waitForJob(job.id, ['running']);
    const [pid] = await waitFor(() => ffmpegPidsWith(marker).then((pids) => (pids.length === 1 ? pids : undefined)));
    // What the lives domain pushes every few seconds for an encoding live.
    const stats = { cpuPercent: 85, health: 'normal' } as RunStats;
    const beat = setInterval(() => engine.engine.events.emit('run.stats', { liveId: 'busy-live', runId: 'run-1', stats }), 500);
    try {
      const paused = await engine.waitForJob(job.id, ['paused'], undefined, 20_000);
      expect(paused.waitReason).toBe('A live is encoding: optimize jobs wait until it ends.');
      const state = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.[0];
      expect(state).toBe('T');
    } finally {
      clearInterval(beat);
    }
    engine.engine.events.emit('live.deleted', { liveId: 'busy-live', ownerId: 'local' });
    const resumed = await engine.waitForJob(job.id, ['running', 'done'], undefined, 20_000);
    expect(resumed.waitReason).toBeNull();
    await engine.call('library.cancelJob', { jobId: job.id });
  });

  it('runs FFmpeg at the lowest CPU priority', async () => {
    const job = await engine.call<OptimizeJob>('library.optimize', { itemId: long.id, outputs: ['240p'] });
    const marker = `.part-${job.id.slice(0, 8)}`;
    await waitFor(async () => (await engine.waitForJob(job.id, ['running'])).percent > 0, { what: 'progress' });
    const [pid] = await ffmpegPidsWith(marker);
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
    // Field 19 of /proc/<pid>/stat is the nice value (the 17th after the command name).
    expect(Number(fields[16])).toBe(19);
    const running = await engine.waitForJob(job.id, ['running']);
    expect(running.speed).toBeGreaterThan(0);
    expect(running.etaSec).not.toBeNull();
    await engine.call('library.cancelJob', { jobId: job.id });
  });
});

describe('hardware encoders', () => {
  it('tries each one this FFmpeg lists with a real encode: none works here, so libx264', async () => {
    const choice = await engine.call<EncoderChoice>('library.encoders');
    expect(choice.encoder).toBe('libx264');
    expect(choice.hardware).toBe(false);
    const { stdout } = await run('ffmpeg', ['-hide_banner', '-encoders']);
    const listed = ['h264_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_videotoolbox'].filter((name) => stdout.includes(` ${name} `));
    expect(choice.trials.map((t) => t.encoder)).toEqual(listed);
    for (const trial of choice.trials) {
      expect(trial.ok).toBe(false);
      expect(trial.reason).toMatch(/\S/);
    }
  });
});
