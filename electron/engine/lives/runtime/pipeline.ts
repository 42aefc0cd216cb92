import { DirectPipeline } from './direct-pipeline';
import type { FfmpegChild } from './ffmpeg-child';
import { HubPipeline } from './hub-pipeline';
import type { PipelineHooks, PipelineSpec, PipelineState, PipelineTuning, StageRole } from './pipeline-spec';
import type { StageHealth } from './supervised-stage';

/** What the runtime and the reporter need from a running live, hub or direct. */
export interface Pipeline {
  /** `direct`: one FFmpeg, source straight to its one output. `hub`: a source stage fanned out. */
  readonly mode: 'direct' | 'hub';
  readonly state: PipelineState;
  /** Every FFmpeg this live needs at once (slots). */
  readonly processCount: number;
  /** The destinations it sends to now. */
  outputIds(): string[];
  destinationHealth(): { id: string; health: StageHealth; reason?: string }[];
  spawnCounts(): Record<string, number>;
  children(): { role: StageRole; child: FfmpegChild }[];
  start(): void;
  stop(): Promise<void>;
}

/** FFmpeg processes a live with `enabledOutputs` outputs needs, in direct mode or through the hub. */
export function processesNeeded(enabledOutputs: number, direct: boolean): number {
  return direct && enabledOutputs === 1 ? 1 : 1 + enabledOutputs;
}

/**
 * A live with ONE output runs as one FFmpeg (direct: no hub, no copy through the engine); two or
 * more outputs go through the hub so each restarts on its own. See docs/restream-engine.md.
 */
export function createPipeline(
  spec: PipelineSpec,
  tuning: PipelineTuning,
  hooks: PipelineHooks,
  now: () => number,
  direct = true,
): Pipeline {
  if (direct && spec.direct) return new DirectPipeline(spec.direct, spec, tuning, hooks, now);
  return new HubPipeline(spec, tuning, hooks, now);
}
