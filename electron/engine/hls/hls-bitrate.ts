import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { HLS_PLAYLIST } from './hls-paths';

export interface PlaylistSegment {
  readonly uri: string;
  readonly seconds: number;
  /** Preceded by `#EXT-X-DISCONTINUITY` (FFmpeg writes one when its writer restarted on the same list). */
  readonly discontinuity: boolean;
}

/** The segments a media playlist lists, with their durations (`#EXTINF:<seconds>,` then the URI). */
export function playlistSegments(playlist: string): PlaylistSegment[] {
  const segments: PlaylistSegment[] = [];
  let pending: number | null = null;
  let discontinuity = false;
  for (const raw of playlist.split(/\r?\n/)) {
    const line = raw.trim();
    const extinf = /^#EXTINF:([\d.]+)/.exec(line);
    if (extinf) pending = Number(extinf[1]);
    else if (line === '#EXT-X-DISCONTINUITY') discontinuity = true;
    else if (line && !line.startsWith('#') && pending !== null) {
      segments.push({ uri: line, seconds: pending, discontinuity });
      pending = null;
      discontinuity = false;
    }
  }
  return segments;
}

/**
 * The bitrate of a live HLS output, from the bytes and durations of the segments its playlist
 * lists. FFmpeg reports `bitrate=N/A` for an HLS writer (it writes separate files), so this is
 * how a preview-only live still shows what it sends. Null when there is nothing to measure yet.
 */
export async function measureHlsBitrateKbps(dir: string): Promise<number | null> {
  let playlist: string;
  try {
    playlist = await readFile(path.join(dir, HLS_PLAYLIST), 'utf8');
  } catch {
    return null;
  }
  let bytes = 0;
  let seconds = 0;
  for (const segment of playlistSegments(playlist)) {
    if (segment.uri.includes('/') || segment.uri.includes('\\')) continue; // ours are plain names in the folder
    const info = await stat(path.join(dir, segment.uri)).catch(() => null);
    if (!info) continue; // deleted by the rolling window meanwhile
    bytes += info.size;
    seconds += segment.seconds;
  }
  return seconds > 0 ? Math.round((bytes * 8) / 1000 / seconds) : null;
}
