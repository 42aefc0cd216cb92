import { buildCodecArgs, type RestreamPlan } from './encoding';
import { buildSourceInputArgs, type SourceSpec } from './source-args';

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
    '-max_muxing_queue_size', '1024',
    '-f', 'mpegts',
    'pipe:1',
  ];
}
