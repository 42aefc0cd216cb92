import path from 'node:path';

/** Live ids and file names the HLS output may use: no separators, no dots at the start. */
const SAFE_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;

export const HLS_PLAYLIST = 'index.m3u8';

export function hlsRoot(dataDir: string): string {
  return path.join(dataDir, 'hls');
}

/** One folder per live: dataDir/hls/<liveId>/ (index.m3u8 + segments). */
export function hlsDirOf(dataDir: string, liveId: string): string {
  if (!isSafeName(liveId)) throw new Error(`Unsafe live id for an HLS folder: ${JSON.stringify(liveId)}`);
  return path.join(hlsRoot(dataDir), liveId);
}

export function isSafeName(name: string): boolean {
  return SAFE_SEGMENT.test(name) && !name.includes('..');
}

/**
 * Where a live writes the feed of a public output: dataDir/outputs/<outputId>/feeds/<liveId>/.
 * The outputs domain reads that playlist and moves each new segment into the output's timeline.
 */
export function outputFeedDir(dataDir: string, outputId: string, liveId: string): string {
  if (!isSafeName(outputId) || !isSafeName(liveId)) {
    throw new Error(`Unsafe id for an output feed folder: ${JSON.stringify(outputId)}/${JSON.stringify(liveId)}`);
  }
  return path.join(outputRoot(dataDir, outputId), 'feeds', liveId);
}

/** One folder per public output: its published segments, playlist and feeds. */
export function outputRoot(dataDir: string, outputId: string): string {
  if (!isSafeName(outputId)) throw new Error(`Unsafe output id for a folder: ${JSON.stringify(outputId)}`);
  return path.join(dataDir, 'outputs', outputId);
}
