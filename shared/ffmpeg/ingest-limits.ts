import { engineMessage, englishOf } from '../messages/engine-message';
import type { IngestLimits } from './platforms';
import type { ProbedVideo } from './probe-result';

/** One push destination's limits, named for the run's notes ("YouTube (primary)", "Ingest"). */
export interface DestinationLimits {
  readonly label: string;
  readonly limits: IngestLimits;
}

/**
 * Why this (H.264) video cannot go to that destination as it is, or null. Checks what platforms
 * refuse: frame size (either orientation), frame rate, H.264 level, video bit rate (the stream's,
 * or the whole file's when the container does not say).
 */
export function beyondLimits(video: ProbedVideo, fileBitRate: number | null, target: DestinationLimits): string | null {
  const { limits } = target;
  const problems: string[] = [];
  if (video.width !== null && video.height !== null) {
    const long = Math.max(video.width, video.height);
    const short = Math.min(video.width, video.height);
    if (long > limits.maxLongSide || short > limits.maxShortSide) problems.push(`${video.width}x${video.height}`);
  }
  // 59.94 is 60 to a platform; 120 is not.
  if (video.fps !== null && video.fps > limits.maxFps + 0.5) problems.push(`${round(video.fps)} fps`);
  if (video.level && video.level > limits.maxH264Level) problems.push(levelText(video.level));
  const bitRate = video.bitRate ?? fileBitRate;
  if (bitRate !== null && bitRate / 1000 > limits.maxVideoKbps) problems.push(`${Math.round(bitRate / 1000)} kbit/s`);
  if (problems.length === 0) return null;
  const most = `${limits.maxLongSide}x${limits.maxShortSide}, ${limits.maxFps} fps, ${levelText(limits.maxH264Level)}, ${limits.maxVideoKbps} kbit/s`;
  return englishOf(engineMessage('plan.beyondLimits', { problems: problems.join(', '), target: target.label, most }));
}

/** "level 4.2", a catalog sentence the UI translates inside the lists above. */
function levelText(level: number): string {
  return englishOf(engineMessage('plan.level', { level: (level / 10).toFixed(1) }));
}

/** The strictest of several destinations' limits: a live is encoded once for all of them. */
export function strictestLimits(list: readonly IngestLimits[]): IngestLimits | null {
  if (list.length === 0) return null;
  const min = (pick: (l: IngestLimits) => number): number => Math.min(...list.map(pick));
  return {
    maxLongSide: min((l) => l.maxLongSide),
    maxShortSide: min((l) => l.maxShortSide),
    maxFps: min((l) => l.maxFps),
    maxH264Level: min((l) => l.maxH264Level),
    maxVideoKbps: min((l) => l.maxVideoKbps),
  };
}

/** `width`×`height` scaled down (never up) to fit `limits`, aspect kept, even sides (H.264 4:2:0). */
export function fitWithin(
  width: number,
  height: number,
  limits: Pick<IngestLimits, 'maxLongSide' | 'maxShortSide'>,
): [number, number] {
  const landscape = width >= height;
  const maxW = landscape ? limits.maxLongSide : limits.maxShortSide;
  const maxH = landscape ? limits.maxShortSide : limits.maxLongSide;
  const scale = Math.min(1, maxW / width, maxH / height);
  const even = (value: number): number => Math.max(2, Math.floor((value * scale) / 2) * 2);
  return [even(width), even(height)];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
