import { buildCodecArgs, type RestreamPlan } from './encoding';
import { buildSourceInputArgs, type LoopPolicy, type SourceSpec } from './source-args';

/**
 * The source stage: ONE ffmpeg reading the source, copying or encoding per the plan, writing
 * MPEG-TS to stdout for the hub to fan out. Global options (`-hide_banner`, `-progress`, …) are
 * added by the runner.
 */
export function buildSourceStageArgs(source: SourceSpec, plan: RestreamPlan): string[] {
  const { inputArgs, videoMap, audioMap } = buildSourceInputArgs(source);
  const maps: string[] = [];
  if (plan.video.action !== 'none') maps.push('-map', videoMap);
  if (plan.audio.action !== 'none') maps.push('-map', audioMap);
  return [
    ...inputArgs,
    ...maps,
    ...buildCodecArgs(plan),
    // An encoded stream starts later than a copied one; without room to queue the copied
    // packets FFmpeg 5 aborts with "Too many packets buffered for output stream".
    '-max_muxing_queue_size',
    '1024',
    '-f',
    'mpegts',
    'pipe:1',
  ];
}

export interface DirectStageOptions {
  /**
   * Where a restarted FILE picks up (input `-ss`, before `-i`); ignored for other sources (a
   * playlist resumes through its list: `buildResumedConcatList`; URLs and the test pattern restart).
   */
  startAtSec?: number | undefined;
}

/**
 * The direct stage of a live with ONE output: one FFmpeg reads the source, copies or encodes per
 * the plan and writes straight to that output's muxer (`rtmpMuxerArgs`, `hlsMuxerArgs`), with no
 * hub and no pipe through the engine. Global options are added by the runner.
 */
export function buildDirectStageArgs(
  source: SourceSpec,
  plan: RestreamPlan,
  muxerTail: readonly string[],
  options: DirectStageOptions = {},
): string[] {
  const { inputArgs, videoMap, audioMap } = buildSourceInputArgs(source);
  const start = options.startAtSec ?? 0;
  if (source.kind === 'file' && Number.isFinite(start) && start > 0) {
    // Before `-i`: an input seek (fast, to the keyframe before), not decoding up to the point.
    const at = inputArgs.lastIndexOf('-i');
    inputArgs.splice(at, 0, '-ss', formatSeconds(start));
  }
  const maps: string[] = [];
  if (plan.video.action !== 'none') maps.push('-map', videoMap);
  if (plan.audio.action !== 'none') maps.push('-map', audioMap);
  return [...inputArgs, ...maps, ...buildCodecArgs(plan), '-max_muxing_queue_size', '1024', ...muxerTail];
}

/** Where a file or playlist source resumes after a restart, and how many plays are left. */
export interface ResumePoint {
  startAtSec: number;
  loop: LoopPolicy;
}

/**
 * The resume point after `playedSec` seconds of output since the live began. Playing once: the
 * position itself. Looping: the position modulo the source's duration, and only the REST of that
 * play (`once`): FFmpeg (5.1, checked) applies an input `-ss` to every `-stream_loop` iteration, so the
 * following plays are started afresh by the caller once this one ends (`playsLeft`). A looping
 * source of unknown duration cannot be placed: it starts over.
 */
export function resumePoint(playedSec: number, durationSec: number | null, loop: LoopPolicy): ResumePoint {
  const played = Number.isFinite(playedSec) && playedSec > 0 ? playedSec : 0;
  if (loop.kind === 'once') return { startAtSec: played, loop };
  if (durationSec === null || !(durationSec > 0)) return { startAtSec: 0, loop };
  const left = playsLeft(played, durationSec, loop);
  // Every play done: start at the very end, so FFmpeg finishes at once and the live ends.
  if (left < 1) return { startAtSec: durationSec, loop: { kind: 'once' } };
  const startAtSec = played % durationSec;
  if (startAtSec > 0) return { startAtSec, loop: { kind: 'once' } };
  if (loop.kind === 'forever') return { startAtSec: 0, loop };
  return { startAtSec: 0, loop: left === 1 ? { kind: 'once' } : { kind: 'times', count: left } };
}

/** Plays not finished after `playedSec` (the current one included); Infinity when looping forever. */
export function playsLeft(playedSec: number, durationSec: number, loop: LoopPolicy): number {
  if (loop.kind === 'forever') return Number.POSITIVE_INFINITY;
  const total = loop.kind === 'once' ? 1 : loop.count;
  return total - Math.floor(Math.max(0, playedSec) / durationSec);
}

/** Milliseconds are plenty for a keyframe seek; no exponent notation for FFmpeg. */
function formatSeconds(seconds: number): string {
  return (Math.round(seconds * 1000) / 1000).toFixed(3);
}
