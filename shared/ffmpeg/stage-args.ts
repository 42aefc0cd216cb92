import { buildCodecArgs, type RestreamPlan } from './encoding';
import { buildConcatList, buildResumedConcatList, buildSourceInputArgs, type LoopPolicy, type SourceSpec } from './source-args';
import { burnInGraph } from './subtitle-burn';

/**
 * The source stage: ONE ffmpeg reading the source, copying or encoding per the plan, writing
 * MPEG-TS to stdout for the hub to fan out. Global options (`-hide_banner`, `-progress`, …) are
 * added by the runner.
 */
export function buildSourceStageArgs(source: SourceSpec, plan: RestreamPlan, options: DirectStageOptions = {}): string[] {
  const { inputArgs, videoMap, audioMap } = buildSourceInputArgs(source);
  // The subtitles filter reads the file from its start: a seeked input shifts it by as much.
  const graph = burnInGraph(source, plan, seekFile(inputArgs, source, options.startAtSec));
  const maps: string[] = [];
  if (plan.video.action !== 'none') maps.push('-map', graph?.videoMap ?? videoMap);
  if (plan.audio.action !== 'none') maps.push('-map', audioMap);
  return [
    ...inputArgs,
    ...(graph?.args ?? []),
    ...maps,
    ...buildCodecArgs(plan, { videoFiltersInGraph: graph !== null }),
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
   * The source stage takes it too: a live that moves from direct mode to the hub on air.
   */
  startAtSec?: number | undefined;
}

/** An input seek before `-i` (fast, to the keyframe before), for a file only. */
function seekFile(inputArgs: string[], source: SourceSpec, startAtSec: number | undefined): number {
  const start = startAtSec ?? 0;
  if (source.kind !== 'file' || !Number.isFinite(start) || start <= 0) return 0;
  inputArgs.splice(inputArgs.lastIndexOf('-i'), 0, '-ss', formatSeconds(start));
  return start;
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
  // The subtitles filter reads the file from its start: a seeked input shifts it by as much.
  const graph = burnInGraph(source, plan, seekFile(inputArgs, source, options.startAtSec));
  const maps: string[] = [];
  if (plan.video.action !== 'none') maps.push('-map', graph?.videoMap ?? videoMap);
  if (plan.audio.action !== 'none') maps.push('-map', audioMap);
  const codecs = buildCodecArgs(plan, { videoFiltersInGraph: graph !== null });
  return [...inputArgs, ...(graph?.args ?? []), ...maps, ...codecs, '-max_muxing_queue_size', '1024', ...muxerTail];
}

/** Where a file or playlist source resumes after a restart, and how many plays are left. */
export interface ResumePoint {
  startAtSec: number;
  loop: LoopPolicy;
  /**
   * Whole plays chained after the rest of the current one, in the same FFmpeg (a concat list:
   * `buildResumedPlaysList`), so the output does not reconnect between them. 0 when resuming a
   * source that plays once, or at the start of a play (`-stream_loop` then does the looping).
   */
  thenWholePlays: number;
}

/** A resumed looping source chains whole plays up to about a day, and at most this many list entries. */
export const RESUME_LIST = Object.freeze({ targetSec: 24 * 3600, maxEntries: 2000 });

/** How many whole plays a resumed process may chain after the current one (see `RESUME_LIST`). */
export function wholePlaysPerResume(durationSec: number, files: number): number {
  const byTime = Math.ceil(RESUME_LIST.targetSec / Math.max(durationSec, 1));
  const byEntries = Math.floor(RESUME_LIST.maxEntries / Math.max(files, 1));
  return Math.max(1, Math.min(byTime, byEntries));
}

/**
 * The resume point after `playedSec` seconds of output since the live began. Playing once: the
 * position itself. Looping: the position modulo the source's duration for the REST of that play,
 * then up to `maxWholePlays` whole plays in the same process (a concat list): FFmpeg (5.1,
 * checked) applies an input `-ss` to every `-stream_loop` iteration, so `-stream_loop` cannot do
 * it. When those are done and plays are left, the caller starts the next ones afresh
 * (`playsLeft`), a rare reconnection. A looping source of unknown duration starts over.
 */
export function resumePoint(playedSec: number, durationSec: number | null, loop: LoopPolicy, maxWholePlays = 0): ResumePoint {
  const played = Number.isFinite(playedSec) && playedSec > 0 ? playedSec : 0;
  if (loop.kind === 'once') return { startAtSec: played, loop, thenWholePlays: 0 };
  if (durationSec === null || !(durationSec > 0)) return { startAtSec: 0, loop, thenWholePlays: 0 };
  const left = playsLeft(played, durationSec, loop);
  // Every play done: start at the very end, so FFmpeg finishes at once and the live ends.
  if (left < 1) return { startAtSec: durationSec, loop: { kind: 'once' }, thenWholePlays: 0 };
  const startAtSec = played % durationSec;
  if (startAtSec > 0) {
    const thenWholePlays = Math.max(0, Math.min(left - 1, Math.floor(maxWholePlays)));
    return { startAtSec, loop: { kind: 'once' }, thenWholePlays };
  }
  if (loop.kind === 'forever') return { startAtSec: 0, loop, thenWholePlays: 0 };
  return { startAtSec: 0, loop: left === 1 ? { kind: 'once' } : { kind: 'times', count: left }, thenWholePlays: 0 };
}

/**
 * The ffconcat list of a resumed looping file or playlist: the rest of the current play (the
 * concat demuxer's `inpoint`, `buildResumedConcatList`), then `thenWholePlays` whole plays.
 */
export function buildResumedPlaysList(
  paths: readonly string[],
  durationsSec: readonly number[],
  atSec: number,
  thenWholePlays: number,
): string {
  const head = buildResumedConcatList(paths, durationsSec, atSec).replace(/\n+$/, '');
  const whole = buildConcatList(paths)
    .split('\n')
    .slice(1)
    .filter((line) => line !== '');
  const lines = [head];
  for (let i = 0; i < thenWholePlays; i += 1) lines.push(...whole);
  return `${lines.join('\n')}\n`;
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
