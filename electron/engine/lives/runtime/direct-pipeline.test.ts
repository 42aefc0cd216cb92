import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planEncoding } from '@shared/ffmpeg/encoding';
import { hlsMuxerArgs } from '@shared/ffmpeg/output-args';
import type { SourceSpec } from '@shared/ffmpeg/source-args';
import { buildDirectStageArgs } from '@shared/ffmpeg/stage-args';
import { createPipeline } from './pipeline';
import type { PipelineHooks, PipelineSpec, PipelineState } from './live-pipeline';
import { DirectPipeline } from './direct-pipeline';
import type { FfmpegExit } from './ffmpeg-child';
import { LivePipeline } from './live-pipeline';

const TUNING = {
  backoff: { initialMs: 50, maxMs: 200, factor: 2, jitter: 0, stableAfterMs: 10_000 },
  staleMs: 10_000,
  stopTimings: { finishMs: 1000, termMs: 1000 },
};
const PLAN = planEncoding({ mode: 'preset', preset: 'economical' }, null);

let dir: string;
beforeAll(async () => (dir = await mkdtemp(path.join(tmpdir(), 'lm-direct-'))));
afterAll(async () => rm(dir, { recursive: true, force: true }));

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

function spec(source: SourceSpec, outputs = 1): PipelineSpec {
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
      resume: null,
    },
  };
}

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('DirectPipeline with a real FFmpeg', () => {
  it('the factory picks direct mode when the spec has one, the hub otherwise', () => {
    const states: { state: PipelineState; reason: string | undefined }[] = [];
    const withDirect = spec({ kind: 'testPattern' });
    expect(createPipeline(withDirect, TUNING, hooks(states), Date.now)).toBeInstanceOf(DirectPipeline);
    expect(createPipeline(withDirect, TUNING, hooks(states), Date.now, false)).toBeInstanceOf(LivePipeline);
    expect(
      createPipeline({ ...spec({ kind: 'testPattern' }, 2), direct: undefined }, TUNING, hooks(states), Date.now),
    ).toBeInstanceOf(LivePipeline);
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
      await until(() => pipeline.state === 'live', 'live');
      expect(pipeline.processCount).toBe(1);
      expect(pipeline.children()).toHaveLength(1);
      expect(pipeline.destinationHealth()).toEqual([{ id: 'preview', health: 'live' }]);
    } finally {
      await pipeline.stop();
    }
    expect(states.map((s) => s.state)).toEqual(['live']);
    expect(exits).toMatchObject([{ code: 0, endedBy: 'q', requested: true }]);
  });

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
      await until(() => pipeline.state === 'failed', 'failed');
      expect(states.at(-1)?.reason).toMatch(/could not be found/);
      expect(pipeline.spawnCounts()).toEqual({ source: 1, preview: 1 });
    } finally {
      await pipeline.stop();
    }
  });
});
