import type { ProbeResult } from './probe-result';

/** What `auto` must know about a playlist's files before sending them one after the other. */
export interface PlaylistFormat {
  /** How the files' video differs ("640x360 at 25 fps and 1280x720 at 30 fps"), or null when it does not. */
  mixedVideo: string | null;
  /** How their audio differs ("44100 Hz stereo AAC and 48000 Hz stereo AAC"), or null. */
  mixedAudio: string | null;
  /**
   * The files' streams do not share one time base. FFmpeg's concat demuxer keeps the first file's
   * and reads every later file's timestamps in it (checked on 5.1): 30 fps material after a 25 fps
   * file plays 20 % slow, with seconds-long gaps. Such files are remuxed to MPEG-TS (one 90 kHz
   * time base) before they are concatenated.
   */
  timeBasesDiffer: boolean;
  /** One format for all: the largest frame, the highest frame rate (for a mixed playlist). */
  target: { width: number; height: number; fps: number } | null;
}

/** Compare every file of a playlist (probed), in order. */
export function comparePlaylist(files: readonly ProbeResult[]): PlaylistFormat {
  const videos = files.map((f) => f.video[0]);
  const audios = files.map((f) => f.audio[0]);
  const videoKinds = distinct(
    videos.map((v) =>
      v ? `${v.width ?? '?'}x${v.height ?? '?'} at ${fpsText(v.fps)} fps${codecSuffix(v.codec, v.pixelFormat)}` : 'no video',
    ),
  );
  const audioKinds = distinct(
    audios.map((a) => (a ? `${a.sampleRate ?? '?'} Hz ${channelsText(a.channels)} ${a.codec.toUpperCase()}` : 'no audio')),
  );
  const timeBases = distinct(files.map((f) => `${f.video[0]?.timeBase ?? '-'}|${f.audio[0]?.timeBase ?? '-'}`));
  let target: PlaylistFormat['target'] = null;
  if (videoKinds.length > 1) {
    const sized = videos.filter((v) => v?.width && v.height);
    const largest = sized.reduce(
      (best, v) => ((v?.width ?? 0) * (v?.height ?? 0) > (best?.width ?? 0) * (best?.height ?? 0) ? v : best),
      sized[0],
    );
    const fps = Math.max(...videos.map((v) => v?.fps ?? 0));
    if (largest?.width && largest.height) target = { width: largest.width, height: largest.height, fps: fps > 0 ? fps : 30 };
  }
  return {
    mixedVideo: videoKinds.length > 1 ? listText(videoKinds) : null,
    mixedAudio: audioKinds.length > 1 ? listText(audioKinds) : null,
    timeBasesDiffer: timeBases.length > 1,
    target,
  };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function listText(items: readonly string[]): string {
  return items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

function fpsText(fps: number | null): string {
  return fps === null ? '?' : String(Math.round(fps * 100) / 100);
}

/** Only said when it is not the usual H.264 4:2:0. */
function codecSuffix(codec: string, pixelFormat: string | null): string {
  const usual = codec === 'h264' && (pixelFormat === null || pixelFormat === 'yuv420p' || pixelFormat === 'yuvj420p');
  return usual ? '' : ` ${codec.toUpperCase()}${pixelFormat ? ` ${pixelFormat}` : ''}`;
}

function channelsText(channels: number | null): string {
  if (channels === 1) return 'mono';
  if (channels === 2) return 'stereo';
  return channels === null ? '' : `${channels}-channel`;
}
