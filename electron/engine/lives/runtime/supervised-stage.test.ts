import { afterEach, describe, expect, it } from 'vitest';
import { Backoff } from './backoff';
import { FfmpegChild } from './ffmpeg-child';
import { SupervisedStage, type StageHealth, type StageWiring } from './supervised-stage';
import { waitFor } from '../../../../tests/support/wait-for';

const IDLE_SOURCE = ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=10', '-f', 'null', '-'];
const stages: SupervisedStage[] = [];
afterEach(async () => {
  for (const stage of stages.splice(0)) await stage.stop({ finishMs: 1000, termMs: 1000 });
});

describe('SupervisedStage with a real FFmpeg', () => {
  it('is live only once progress advances, and a failed spawn is retried like a crash', async () => {
    const healths: { health: StageHealth; reason: string | undefined }[] = [];
    let launches = 0;
    const stage = new SupervisedStage({
      label: 'Test source',
      launch: (wiring) => {
        launches += 1;
        if (launches === 1) throw new Error('spawn ENOENT');
        return new FfmpegChild({ ffmpegPath: 'ffmpeg', args: IDLE_SOURCE, stdin: 'control', stdout: 'ignore', ...wiring });
      },
      backoff: new Backoff({ initialMs: 50, maxMs: 200, factor: 2, jitter: 0, stableAfterMs: 10_000 }),
      staleMs: 10_000,
      classify: () => undefined,
      cleanExitEnds: true,
      now: Date.now,
      hooks: { health: (health, reason) => healths.push({ health, reason }) },
    });
    stages.push(stage);
    stage.start();
    expect(healths[0]).toEqual({ health: 'retrying', reason: 'Test source: FFmpeg could not start (spawn ENOENT)' });
    await waitFor(() => stage.health === 'live', { what: 'live' });
    expect(launches).toBe(2);
    // Spawned is not live: it stayed `retrying` until FFmpeg's first progress, then `live`.
    expect(healths.map((h) => h.health)).toEqual(['retrying', 'live']);
  });

  it('a fatal classification fails the stage without any retry', async () => {
    let launches = 0;
    const stage = new SupervisedStage({
      label: 'Bad source',
      launch: (wiring) => {
        launches += 1;
        return new FfmpegChild({
          ffmpegPath: 'ffmpeg',
          args: ['-i', '/nonexistent/clip.mp4', '-f', 'null', '-'],
          stdin: 'control',
          stdout: 'ignore',
          ...wiring,
        });
      },
      backoff: new Backoff({ initialMs: 50, maxMs: 200, factor: 2, jitter: 0, stableAfterMs: 10_000 }),
      staleMs: 10_000,
      classify: (tail) => (tail.some((line) => /No such file/.test(line)) ? 'The source file is missing.' : undefined),
      cleanExitEnds: true,
      now: Date.now,
      hooks: {},
    });
    stages.push(stage);
    stage.start();
    await waitFor(() => stage.health === 'failed', { what: 'failed' });
    expect(stage.lastReason).toBe('The source file is missing.');
    // `failed` is reached instead of `retrying`: no restart was ever scheduled.
    expect(launches).toBe(1);
    expect(stage.spawns).toBe(1);
  });

  it('backoff resets after a stable period LIVE, and a clean continuation (next plays) does not restart that count', async () => {
    let clock = 0;
    let launches = 0;
    const delays: number[] = [];
    const stage = new SupervisedStage({
      label: 'Looping source',
      launch: (wiring) => {
        launches += 1;
        // 1: fails at once (a crash: the next delay doubles). 2: a 3 s play that ends cleanly.
        // 3: the next plays (a continuation, not a recovery), killed later.
        const args =
          launches === 1
            ? ['-f', 'lavfi', '-i', 'nullsrc=d=0:s=bad', '-f', 'null', '-']
            : launches === 2
              ? ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=10:duration=3', '-f', 'null', '-']
              : IDLE_SOURCE;
        return new FfmpegChild({ ffmpegPath: 'ffmpeg', args, stdin: 'control', stdout: 'ignore', ...wiring });
      },
      backoff: new Backoff({ initialMs: 50, maxMs: 10_000, factor: 2, jitter: 0, stableAfterMs: 30_000 }),
      staleMs: 60_000,
      classify: () => undefined,
      cleanExitEnds: true,
      continueAfterEnd: () => (launches === 2 ? 'the next plays start afresh' : undefined),
      now: () => clock,
      hooks: { restarting: (_reason, delay) => delays.push(delay) },
    });
    stages.push(stage);
    stage.start();
    await waitFor(() => launches === 2 && stage.health === 'live', { what: 'live after the first crash' });
    clock = 20_000; // live since 0; the play ends and the next plays start at 20 s
    await waitFor(() => launches === 3 && stage.health === 'live', { what: 'the next plays' });
    clock = 31_000; // 31 s live, only 11 s since the last spawn
    stage.child?.signalGroup('SIGKILL');
    await waitFor(() => delays.length === 3, { what: 'the restart after the kill' });
    // [crash 1, continuation (not a crash), kill after 31 s live → back to the first delay]
    expect(delays).toEqual([50, 0, 50]);
  });

  it('a header written on connection is not live: live once the output media clock moves on', async () => {
    const healths: StageHealth[] = [];
    let wiring: StageWiring | undefined;
    const stage = new SupervisedStage({
      label: 'Ingest',
      launch: (w) => {
        wiring = w;
        // Waits on an input that never comes: it reports no progress of its own.
        return new FfmpegChild({
          ffmpegPath: 'ffmpeg',
          args: ['-f', 'mpegts', '-i', 'pipe:0', '-f', 'null', '-'],
          stdin: 'media',
          stdout: 'ignore',
        });
      },
      backoff: new Backoff({ initialMs: 50, maxMs: 200, factor: 2, jitter: 0, stableAfterMs: 10_000 }),
      staleMs: 60_000,
      classify: () => undefined,
      cleanExitEnds: true,
      now: Date.now,
      hooks: { health: (health) => healths.push(health) },
    });
    stages.push(stage);
    stage.start();
    const feed = wiring as StageWiring;
    const report = (size: number | null, outSec: number | null): void =>
      feed.onProgress({
        frame: 0,
        fps: 0,
        bitrateKbps: null,
        totalSizeBytes: size,
        outTimeUs: outSec === null ? null : outSec * 1_000_000,
        dupFrames: 0,
        dropFrames: 0,
        speed: null,
        status: 'continue',
      });
    report(425, 0); // the FLV header and metadata, on connection
    report(425, 0);
    expect(stage.health).toBe('connecting');
    report(61_000, 0.96); // media flows: the clock moved on since the header
    expect(stage.health).toBe('live');
    expect(healths).toEqual(['live']);
  });
});
