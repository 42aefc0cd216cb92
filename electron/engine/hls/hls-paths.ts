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
