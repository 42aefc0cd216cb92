/** Reading the hub's MPEG-TS from stdin: every output stage starts with this. */
const FROM_HUB: readonly string[] = ['-f', 'mpegts', '-i', 'pipe:0'];

/**
 * Push the hub's stream to one RTMP/RTMPS destination without touching it. FLV wants AAC in
 * ASC form: FFmpeg's flv muxer inserts `aac_adtstoasc` by itself.
 */
export function buildRtmpOutputArgs(url: string): string[] {
  return [...FROM_HUB, '-map', '0:v?', '-map', '0:a?', '-c', 'copy', ...rtmpMuxerArgs(url)];
}

/** The RTMP/RTMPS muxer tail, shared by the hub output stage and the direct (single-output) stage. */
export function rtmpMuxerArgs(url: string): string[] {
  return ['-f', 'flv', '-flvflags', 'no_duration_filesize', url];
}

export interface HlsOutputOptions {
  /** The live's own folder, e.g. `<dataDir>/hls/<liveId>` (forward slashes work on Windows too). */
  dir: string;
  liveId: string;
  segmentSec?: number;
  listSize?: number;
  /** Leave old segments on disk: a public output's feed, whose segments the outputs domain moves away. */
  keepSegments?: boolean;
}

export const HLS_PLAYLIST_NAME = 'index.m3u8';

/** Where the HLS writer puts its playlist, for the preview and the HTTP server. */
export function hlsPlaylistPath(dir: string): string {
  return `${trimSlash(dir)}/${HLS_PLAYLIST_NAME}`;
}

/**
 * The local HLS writer: 2 s segments, a rolling window of 6, old segments deleted, segments
 * written under a temp name then renamed (a player never reads half a file). Segment numbers
 * start from the clock, so a restarted writer never reuses a name a player has cached.
 */
export function buildHlsOutputArgs(options: HlsOutputOptions): string[] {
  return [...FROM_HUB, '-map', '0:v?', '-map', '0:a?', '-c', 'copy', ...hlsMuxerArgs(options)];
}

/** The HLS writer's muxer tail, shared by the hub output stage and the direct (single-output) stage. */
export function hlsMuxerArgs(options: HlsOutputOptions): string[] {
  const dir = trimSlash(options.dir);
  return [
    '-f',
    'hls',
    '-hls_time',
    String(options.segmentSec ?? 2),
    '-hls_list_size',
    String(options.listSize ?? 6),
    '-hls_flags',
    options.keepSegments ? 'independent_segments+temp_file' : 'delete_segments+independent_segments+temp_file',
    '-hls_start_number_source',
    'epoch',
    '-hls_segment_filename',
    `${dir}/${safeName(options.liveId)}-%d.ts`,
    hlsPlaylistPath(dir),
  ];
}

/**
 * The seed's always-transcode command (640x360, 500k, ultrafast, AAC 96k, GOP 60), kept only as
 * the benchmark's baseline. Its `-reconnect` options, wrongly placed after `-i` in the seed, are
 * left out: they are HTTP input options and mean nothing to an RTMP output.
 */
export function buildSeedTranscodeArgs(inputPath: string, url: string): string[] {
  return [
    '-re',
    '-stream_loop',
    '-1',
    '-i',
    inputPath,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-b:v',
    '500k',
    '-maxrate',
    '800k',
    '-bufsize',
    '1200k',
    '-s',
    '640x360',
    '-g',
    '60',
    '-keyint_min',
    '60',
    '-c:a',
    'aac',
    '-b:a',
    '96k',
    '-f',
    'flv',
    url,
  ];
}

function trimSlash(dir: string): string {
  return dir.replace(/[\\/]+$/, '');
}

/** Live ids are ours, but a segment name must never climb out of its folder. */
function safeName(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_') || 'live';
}
