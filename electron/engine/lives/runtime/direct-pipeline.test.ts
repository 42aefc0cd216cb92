import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaFixture } from '../../../../tests/support/media';
import { planEncoding } from '@shared/ffmpeg/encoding';
import { hlsMuxerArgs } from '@shared/ffmpeg/output-args';
import type { SourceSpec } from '@shared/ffmpeg/source-args';
import { buildDirectStageArgs, buildResumedPlaysList } from '@shared/ffmpeg/stage-args';
import { createPipeline } from './pipeline';
import type { DirectSpec, PipelineHooks, PipelineSpec, PipelineState } from './pipeline-spec';
import { DirectPipeline } from './direct-pipeline';
import type { FfmpegExit } from './ffmpeg-child';
import { HubPipeline } from './hub-pipeline';
import { waitFor } from '../../../../tests/support/wait-for';

const TUNING = {
  backoff: { initialMs: 50, maxMs: 200, factor: 2, jitter: 0, stableAfterMs: 10_000 },
  staleMs: 10_000,
  stopTimings: { finishMs: 1000, termMs: 1000 },
};
const PLAN = planEncoding({ mode: 'preset', preset: 'economical' }, null);
const COPY = planEncoding(
  { mode: 'auto' },
  {
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSec: 4,
    bitRate: null,
    video: [{ index: 0, codec: 'h264', profile: 'High', pixelFormat: 'yuv420p', width: 640, height: 360, fps: 30 }],
    audio: [{ index: 1, codec: 'aac', profile: 'LC', channels: 2, sampleRate: 48000 }],
  },
);

let dir: string;
beforeAll(async () => (dir = await mkdtemp(path.join(tmpdir(), 'lm-direct-'))));
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** The input allow-list of a local file (shared/ffmpeg/input-protocols.ts). */
const FILE_ONLY = ['-protocol_whitelist', 'file'];

function hooks(states: { state: PipelineState; reason: string | undefined }[], exits: FfmpegExit[] = []): PipelineHooks {
  return {
    state: (state, reason) => states.push({ state, reason }),
    destination: () => undefined,
    restarting: () => undefined,
    spawned: () => undefined,
    exited: (_role, _child, exit) => exits.push(exit),
    progress: () => undefined,
    line: () => undefined,
  };
}

function spec(source: SourceSpec, outputs = 1, resume: DirectSpec['resume'] = null): PipelineSpec {
  const hls = path.join(dir, 'hls');
  const tail = hlsMuxerArgs({ dir: hls, liveId: 'l1' });
  const output = { id: 'preview', label: 'Preview', kind: 'hls' as const, dir: hls, args: [] };
  return {
    ffmpegPath: 'ffmpeg',
    sourceArgs: [],
    outputs: Array.from({ length: outputs }, (_, i) => ({ ...output, id: `o${i}` })),
    secrets: [],
    label: 'live test',
    direct: {
      output,
      argsAt: (resume) => buildDirectStageArgs(source, PLAN, tail, { startAtSec: resume?.startAtSec }),
      sourceArgsAt: () => [],
      resume,
    },
  };
}

describe('DirectPipeline with a real FFmpeg', () => {
  it('the factory picks direct mode when the spec has one, the hub otherwise', () => {
    const states: { state: PipelineState; reason: string | undefined }[] = [];
    const withDirect = spec({ kind: 'testPattern' });
    expect(createPipeline(withDirect, TUNING, hooks(states), Date.now)).toBeInstanceOf(DirectPipeline);
    expect(createPipeline(withDirect, TUNING, hooks(states), Date.now, false)).toBeInstanceOf(HubPipeline);
    expect(
      createPipeline({ ...spec({ kind: 'testPattern' }, 2), direct: undefined }, TUNING, hooks(states), Date.now),
    ).toBeInstanceOf(HubPipeline);
  });

  it('is live once the output advances, runs ONE process, and stops with q (exit 0)', async () => {
    const states: { state: PipelineState; reason: string | undefined }[] = [];
    const exits: FfmpegExit[] = [];
    const pipeline = createPipeline(
      spec({ kind: 'testPattern', width: 160, height: 90, fps: 10 }),
      TUNING,
      hooks(states, exits),
      Date.now,
    );
    pipeline.start();
    try {
      await waitFor(() => pipeline.state === 'live', { what: 'live' });
      expect(pipeline.processCount).toBe(1);
      expect(pipeline.children()).toHaveLength(1);
      expect(pipeline.destinationHealth()).toEqual([{ id: 'preview', health: 'live' }]);
    } finally {
      await pipeline.stop();
    }
    expect(states.map((s) => s.state)).toEqual(['live']);
    expect(exits).toMatchObject([{ code: 0, endedBy: 'q', requested: true }]);
  });

  it('a file played twice, killed in its second play: resumes there, then ends after exactly two plays', async () => {
    const clip = await mediaFixture('h264-aac-360p', 4);
    const states: { state: PipelineState; reason: string | undefined }[] = [];
    const loop = { kind: 'times', count: 2 } as const;
    const spawned: string[][] = [];
    const base = spec({ kind: 'file', path: clip, loop }, 1, { durationSec: 4, loop, files: 1 });
    const direct = base.direct as DirectSpec;
    let outTimeUs = 0;
    const pipeline = createPipeline(
      {
        ...base,
        direct: {
          ...direct,
          argsAt: (resume) => {
            const args = buildDirectStageArgs(
              { kind: 'file', path: clip, loop: resume?.loop ?? loop },
              COPY,
              hlsMuxerArgs({ dir: path.join(dir, 'hls'), liveId: 'l1' }),
              { startAtSec: resume?.startAtSec },
            );
            spawned.push(args);
            return args;
          },
        },
      },
      TUNING,
      { ...hooks(states), progress: (_role, p) => (outTimeUs = p.outTimeUs ?? outTimeUs) },
      Date.now,
    );
    pipeline.start();
    try {
      await waitFor(() => outTimeUs > 5_000_000, { what: '5 s played (1 s into the second play)' });
      pipeline.children()[0]?.child.signalGroup('SIGKILL');
      await waitFor(() => pipeline.state === 'ended', { what: 'the end of the second play', timeoutMs: 30_000 });
    } finally {
      await pipeline.stop();
    }
    expect(spawned).toHaveLength(2);
    expect(spawned[0]?.slice(0, 7)).toEqual(['-re', '-stream_loop', '1', ...FILE_ONLY, '-i', clip]);
    // Resumed in the second play (≈ 1 s into it), which is the last: no loop, ends by itself.
    const at = spawned[1]?.indexOf('-ss') ?? -1;
    expect(spawned[1]?.slice(0, at)).toEqual(['-re', ...FILE_ONLY]);
    expect(Number(spawned[1]?.[at + 1])).toBeGreaterThan(0.5);
    expect(Number(spawned[1]?.[at + 1])).toBeLessThan(3.5);
    expect(states.map((s) => s.state)).toEqual(['live', 'reconnecting', 'live', 'ended']);
  }, 60_000);

  it('a file played twice, killed in its FIRST play: the rest of it and the whole second play in ONE process, then ends', async () => {
    const clip = await mediaFixture('h264-aac-360p', 4);
    const states: { state: PipelineState; reason: string | undefined }[] = [];
    const restarts: string[] = [];
    const loop = { kind: 'times', count: 2 } as const;
    const spawned: string[][] = [];
    const lists: string[] = [];
    const base = spec({ kind: 'file', path: clip, loop }, 1, { durationSec: 4, loop, files: 1 });
    const direct = base.direct as DirectSpec;
    let outTimeUs = 0;
    const pipeline = createPipeline(
      {
        ...base,
        direct: {
          ...direct,
          argsAt: (resume) => {
            let source: SourceSpec = { kind: 'file', path: clip, loop: resume?.loop ?? loop };
            if (resume && resume.thenWholePlays > 0) {
              // As run-inputs does: the rest of the play and the whole plays after it, one concat list.
              const listPath = path.join(dir, 'resume.ffconcat');
              lists.push(buildResumedPlaysList([clip], [4], resume.startAtSec, resume.thenWholePlays));
              writeFileSync(listPath, lists.at(-1) ?? '');
              source = { kind: 'playlist', listPath, loop: { kind: 'once' } };
            }
            const args = buildDirectStageArgs(source, COPY, hlsMuxerArgs({ dir: path.join(dir, 'hls'), liveId: 'l1' }), {
              startAtSec: resume?.startAtSec,
            });
            spawned.push(args);
            outTimeUs = 0;
            return args;
          },
        },
      },
      TUNING,
      {
        ...hooks(states),
        restarting: (_role, reason) => restarts.push(reason),
        progress: (_role, p) => (outTimeUs = p.outTimeUs ?? outTimeUs),
      },
      Date.now,
    );
    pipeline.start();
    try {
      await waitFor(() => outTimeUs > 1_500_000, { what: '1.5 s played' });
      pipeline.children()[0]?.child.signalGroup('SIGKILL');
      await waitFor(() => pipeline.state === 'ended', { what: 'the end of the second play', timeoutMs: 30_000 });
    } finally {
      await pipeline.stop();
    }
    // The kill, then one process for the rest of the first play AND the second: no extra reconnection.
    expect(spawned).toHaveLength(2);
    expect(spawned[1]).toContain('concat');
    expect(lists[0]).toMatch(new RegExp(`^ffconcat version 1.0\\nfile '.*'\\ninpoint [0-9.]+\\nfile '.*'\\n$`));
    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toMatch(/SIGKILL/);
    expect(states.at(-1)?.state).toBe('ended');
  }, 60_000);

  it('a resumed looping file whose chained plays end with plays still left: the next process is counted as a restart', async () => {
    const clip = await mediaFixture('h264-aac-360p', 4);
    const restarts: string[] = [];
    const states: { state: PipelineState; reason: string | undefined }[] = [];
    const loop = { kind: 'times', count: 2 } as const;
    const spawned: string[][] = [];
    const base = spec({ kind: 'file', path: clip, loop }, 1, { durationSec: 4, loop, files: 1 });
    const direct = base.direct as DirectSpec;
    let outTimeUs = 0;
    const pipeline = createPipeline(
      {
        ...base,
        direct: {
          ...direct,
          // Ignores the chained plays (as if the list could not be written): the rest of the play only.
          argsAt: (resume) => {
            const args = buildDirectStageArgs(
              { kind: 'file', path: clip, loop: resume?.loop ?? loop },
              COPY,
              hlsMuxerArgs({ dir: path.join(dir, 'hls'), liveId: 'l1' }),
              { startAtSec: resume?.startAtSec },
            );
            spawned.push(args);
            outTimeUs = 0;
            return args;
          },
        },
      },
      TUNING,
      {
        ...hooks(states),
        restarting: (_role, reason) => restarts.push(reason),
        progress: (_role, p) => (outTimeUs = p.outTimeUs ?? outTimeUs),
      },
      Date.now,
    );
    pipeline.start();
    try {
      await waitFor(() => outTimeUs > 1_500_000, { what: '1.5 s played' });
      pipeline.children()[0]?.child.signalGroup('SIGKILL');
      await waitFor(() => pipeline.state === 'ended', { what: 'the end of the second play', timeoutMs: 30_000 });
    } finally {
      await pipeline.stop();
    }
    expect(spawned).toHaveLength(3);
    expect(spawned[2]?.slice(0, 5)).toEqual(['-re', ...FILE_ONLY, '-i', clip]); // the second play, whole, once
    // Every reconnection counted: the kill AND the start of the plays left.
    expect(restarts).toHaveLength(2);
    expect(restarts[1]).toMatch(/next ones start afresh/);
  }, 60_000);

  it('a missing file fails at once with the source verdict, not retried', async () => {
    const states: { state: PipelineState; reason: string | undefined }[] = [];
    const missing = path.join(dir, 'gone.mp4');
    const pipeline = createPipeline(
      spec({ kind: 'file', path: missing, loop: { kind: 'forever' } }),
      TUNING,
      hooks(states),
      Date.now,
    );
    pipeline.start();
    try {
      await waitFor(() => pipeline.state === 'failed', { what: 'failed' });
      expect(states.at(-1)?.reason).toMatch(/could not be found/);
      expect(pipeline.spawnCounts()).toEqual({ source: 1, preview: 1 });
    } finally {
      await pipeline.stop();
    }
  });
});
