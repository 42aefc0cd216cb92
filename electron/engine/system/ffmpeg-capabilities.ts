import type { FfmpegCapabilitiesView } from '@shared/contract/system';
import { detectCapabilities } from '../ffmpeg/capabilities';
import { locateTool, type LocateOptions } from '../ffmpeg/locate';

/** Encoders that run on a GPU or a media engine rather than the CPU. */
const HARDWARE = /_(nvenc|vaapi|qsv|videotoolbox|amf|v4l2m2m|mf|omx|rkmpp)$/;

export function hardwareEncodersOf(encoders: readonly string[]): string[] {
  return encoders.filter((name) => HARDWARE.test(name));
}

/**
 * What the Settings page shows about FFmpeg. Asked of the binary once per path (four quick runs),
 * since a build's encoders do not change while the engine runs.
 */
export function ffmpegCapabilitiesReader(where: LocateOptions): () => Promise<FfmpegCapabilitiesView> {
  const cache = new Map<string, Promise<FfmpegCapabilitiesView>>();
  return async () => {
    const ffmpeg = await locateTool('ffmpeg', where);
    if (!ffmpeg.found) return { found: false, path: null, version: null, encoders: [], hardwareEncoders: [] };
    let answer = cache.get(ffmpeg.path);
    if (!answer) {
      answer = detectCapabilities(ffmpeg.path).then((caps) => ({
        found: true,
        path: ffmpeg.path,
        version: caps.version ?? ffmpeg.version,
        encoders: caps.encoders,
        hardwareEncoders: hardwareEncodersOf(caps.encoders),
      }));
      cache.set(ffmpeg.path, answer);
    }
    return answer;
  };
}
