import { planEncoding } from './encoding';
import { rtmpMuxerArgs } from './output-args';
import { testPatternProbe, type SourceSpec } from './source-args';
import { buildDirectStageArgs } from './stage-args';

/** The test pattern sent by "test this destination": small and cheap, it only has to be accepted. */
const TEST_PATTERN: Extract<SourceSpec, { kind: 'testPattern' }> = { kind: 'testPattern', width: 640, height: 360, fps: 30 };

/**
 * A short publish of the test pattern to `url`: the same direct stage as a live (economical
 * preset, 2 s keyframes), cut after `seconds` of output (`-t`, an output option before the URL).
 */
export function buildDestinationTestArgs(url: string, seconds: number): string[] {
  const plan = planEncoding({ mode: 'preset', preset: 'economical' }, testPatternProbe(TEST_PATTERN));
  return buildDirectStageArgs(TEST_PATTERN, plan, ['-t', String(seconds), ...rtmpMuxerArgs(url)]);
}
