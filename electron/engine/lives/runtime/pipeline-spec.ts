import type { FfmpegProgress } from '@shared/ffmpeg/progress';
import type { LoopPolicy } from '@shared/ffmpeg/source-args';
import type { ResumePoint } from '@shared/ffmpeg/stage-args';
import type { BackoffOptions } from './backoff';
import type { FfmpegChild, FfmpegExit, StopTimings } from './ffmpeg-child';
import type { StageHealth } from './supervised-stage';

/** What a running live is made of and reports, whichever pipeline (hub or direct) runs it. */

/** One output of a live: an RTMP/RTMPS push or the local HLS writer. */
export interface PipelineOutput {
  readonly id: string;
  /** Shown in reasons: the destination's name ("YouTube", "HLS preview"). */
  readonly label: string;
  readonly kind: 'push' | 'hls';
  /** Output stage arguments (from the shared builders); may hold a stream key. */
  readonly args: readonly string[];
  /** Created before the writer starts (the live's HLS folder). */
  readonly dir?: string | undefined;
}

export interface PipelineSpec {
  readonly ffmpegPath: string;
  /** Source stage arguments: read, copy or encode once, MPEG-TS to stdout. */
  readonly sourceArgs: readonly string[];
  readonly outputs: readonly PipelineOutput[];
  /** Stream keys by value: masked in every line FFmpeg prints. */
  readonly secrets: readonly string[];
  /** For process labels: "live <id>". */
  readonly label: string;
  /** Set when the live has exactly one output: how to run it as one FFmpeg (direct mode). */
  readonly direct?: DirectSpec | undefined;
}

/** A single-output live as one FFmpeg: source straight to the output's muxer. */
export interface DirectSpec {
  readonly output: PipelineOutput;
  /** Stage arguments for a (re)start at `resume` (undefined: from the beginning). */
  argsAt(resume: ResumePoint | undefined): string[];
  /**
   * The hub's source-stage arguments from the same point: the live moves to the hub when a
   * second destination is turned on while it is on air, and carries on where it was.
   */
  sourceArgsAt(resume: ResumePoint | undefined): string[];
  /**
   * File and playlist sources resume where they were after a restart (their duration, when
   * known, places a looping source); null for URLs and the test pattern, which just restart.
   */
  readonly resume: { durationSec: number | null; loop: LoopPolicy; files: number } | null;
  /**
   * The network source's host (`origin.example.com:1935`): lines naming it are the source's own
   * errors, not read as the output's (redacted lines keep the host, not the whole URL).
   */
  readonly sourceHost?: string | undefined;
  /** The push destination's host, to tell its errors from the source's (undefined for HLS). */
  readonly outputHost?: string | undefined;
}

export interface PipelineTuning {
  backoff: BackoffOptions;
  staleMs: number;
  stopTimings: StopTimings;
  hubBoundBytes?: number;
}

/** The live's state as the pipeline sees it; the supervisor maps it onto the run. */
export type PipelineState = 'starting' | 'live' | 'reconnecting' | 'failed' | 'ended';

export type StageRole = { kind: 'source' } | { kind: 'output'; outputId: string };

export interface PipelineHooks {
  state(state: PipelineState, reason: string | undefined): void;
  destination(outputId: string, health: StageHealth, reason: string | undefined): void;
  restarting(role: StageRole, reason: string, delayMs: number): void;
  spawned(role: StageRole, child: FfmpegChild): void;
  exited(role: StageRole, child: FfmpegChild, exit: FfmpegExit): void;
  progress(role: StageRole, progress: FfmpegProgress): void;
  /** A stderr line, already redacted by the runner (stream keys masked). */
  line(role: StageRole, line: string): void;
}
