import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Media fixtures made with FFmpeg at test time (testsrc2 + sine), never committed. They are
 * cached in one temp folder so parallel test files and later runs reuse them; each file is
 * written under a temporary name and renamed, so a reader never sees half a file.
 */
export type FixtureKind =
  /** 720p30 H.264 High + AAC stereo in MP4, 2 s GOP: what `auto` can send as it is. */
  | 'h264-aac-720p30'
  /** HEVC + AC3 in Matroska: both streams need re-encoding for RTMP. */
  | 'hevc-ac3'
  /** Small 360p H.264/AAC clip for quick tests; 1 s GOP so a restarted output rejoins fast. */
  | 'h264-aac-360p';

const RECIPES: Record<FixtureKind, { ext: string; args: (seconds: number) => string[] }> = {
  'h264-aac-720p30': {
    ext: 'mp4',
    args: (s) => [
      ...lavfi(`testsrc2=size=1280x720:rate=30:duration=${s}`, `sine=frequency=440:sample_rate=48000:duration=${s}`),
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-b:v', '2500k'],
      ...['-g', '60', '-keyint_min', '60', '-sc_threshold', '0'],
      ...['-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-movflags', '+faststart'],
    ],
  },
  'hevc-ac3': {
    ext: 'mkv',
    args: (s) => [
      ...lavfi(`testsrc2=size=640x360:rate=25:duration=${s}`, `sine=frequency=330:sample_rate=48000:duration=${s}`),
      ...['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error:keyint=50', '-pix_fmt', 'yuv420p'],
      ...['-c:a', 'ac3', '-b:a', '192k', '-ac', '2'],
    ],
  },
  'h264-aac-360p': {
    ext: 'mp4',
    args: (s) => [
      ...lavfi(`testsrc2=size=640x360:rate=25:duration=${s}`, `sine=frequency=550:sample_rate=44100:duration=${s}`),
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25', '-b:v', '600k'],
      ...['-c:a', 'aac', '-b:a', '96k', '-ac', '2'],
    ],
  },
};

function lavfi(video: string, audio: string): string[] {
  return ['-f', 'lavfi', '-i', video, '-f', 'lavfi', '-i', audio];
}

const RECIPE_VERSION = 2;

export const FIXTURE_DIR = path.join(tmpdir(), 'livemanager-media-fixtures');

/** Path of a fixture of `seconds` length, generated on first use. */
export async function mediaFixture(kind: FixtureKind, seconds = 10): Promise<string> {
  const recipe = RECIPES[kind];
  // Bump RECIPE_VERSION when a recipe changes: the cache outlives test runs.
  const file = path.join(FIXTURE_DIR, `${kind}-${seconds}s-v${RECIPE_VERSION}.${recipe.ext}`);
  if (existsSync(file)) return file;
  await mkdir(FIXTURE_DIR, { recursive: true });
  const partial = `${file}.${process.pid}.${Date.now()}.partial.${recipe.ext}`;
  try {
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...recipe.args(seconds), partial], {
      timeout: 180_000,
    });
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
  return file;
}

export interface ProbedStream {
  readonly codecType: 'video' | 'audio' | string;
  readonly codecName: string;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

/** ffprobe a file or a URL (e.g. the stream pulled back from nginx-rtmp). */
export async function probeStreams(input: string, timeoutMs = 20_000): Promise<ProbedStream[]> {
  const { stdout } = await run(
    'ffprobe',
    [
      '-v',
      'error',
      '-rw_timeout',
      String(timeoutMs * 1000),
      '-show_entries',
      'stream=codec_type,codec_name,width,height',
      '-of',
      'json',
      input,
    ],
    { timeout: timeoutMs + 5000 },
  );
  const parsed = JSON.parse(stdout) as {
    streams?: { codec_type: string; codec_name: string; width?: number; height?: number }[];
  };
  return (parsed.streams ?? []).map((s) => ({
    codecType: s.codec_type,
    codecName: s.codec_name,
    width: s.width,
    height: s.height,
  }));
}
