import type { FfmpegCapabilitiesView } from '@shared/contract/system';
import type { FfmpegTools } from '../ffmpeg/ffmpeg-tools';

/** Encoders that run on a GPU or a media engine rather than the CPU. */
const HARDWARE = /_(nvenc|vaapi|qsv|videotoolbox|amf|v4l2m2m|mf|omx|rkmpp)$/;

export function hardwareEncodersOf(encoders: readonly string[]): string[] {
  return encoders.filter((name) => HARDWARE.test(name));
}

/**
 * What the Settings page shows about FFmpeg, from the engine's tools service (which asks the
 * binary once per path: a build's encoders do not change while the engine runs).
 */
export function ffmpegCapabilitiesReader(ffmpeg: FfmpegTools): () => Promise<FfmpegCapabilitiesView> {
  return async () => {
    const tool = await ffmpeg.locate('ffmpeg');
    const caps = tool.found ? await ffmpeg.capabilities() : null;
    if (!tool.found || !caps) return { found: false, path: null, version: null, encoders: [], hardwareEncoders: [] };
    return {
      found: true,
      path: tool.path,
      version: caps.version ?? tool.version,
      encoders: caps.encoders,
      hardwareEncoders: hardwareEncodersOf(caps.encoders),
    };
  };
}
