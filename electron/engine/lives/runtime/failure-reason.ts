import { classifyExit } from '@shared/ffmpeg/classify';

/**
 * Fatal or not, on top of the FFmpeg layer's classifier: a fatal reason is only trusted when the
 * process never got going. A source that had been streaming and then lost its file (a network
 * share blinked) or an output whose connection broke after sending data is retried instead.
 */
export function fatalReason(
  role: 'source' | 'output',
  target: string,
  tail: readonly string[],
  exitCode: number | null,
  progressed: boolean,
): string | undefined {
  if (progressed) return undefined;
  const verdict = classifyExit(tail, exitCode, { role, target });
  return verdict.fatal ? verdict.message : undefined;
}
