import { runOnce } from './run-once';

/** What this FFmpeg build can do, as far as LiveManager cares. */
export interface FfmpegCapabilities {
  version: string | null;
  /** 5, 6, 7…; null for git builds that report a hash. */
  major: number | null;
  encoders: string[];
  demuxers: string[];
  inputProtocols: string[];
  outputProtocols: string[];
  supports: {
    libx264: boolean;
    aac: boolean;
    h264Nvenc: boolean;
    h264Vaapi: boolean;
    h264VideoToolbox: boolean;
    rtmpOut: boolean;
    /** RTMP over TLS (Facebook needs it): requires FFmpeg built with a TLS library. */
    rtmpsOut: boolean;
    httpsIn: boolean;
    srtIn: boolean;
    hlsIn: boolean;
    concat: boolean;
    lavfi: boolean;
  };
}

/** ` V....D libx264   libx264 H.264 …` rows after the ` ------` line → names. */
export function parseEncoders(output: string): string[] {
  const start = output.indexOf('------');
  const body = start === -1 ? output : output.slice(start + 6);
  const names: string[] = [];
  for (const line of body.split('\n')) {
    const match = /^\s*[VAS][A-Z.]{5}\s+(\S+)/.exec(line);
    if (match?.[1]) names.push(match[1]);
  }
  return names;
}

/** ` D  concat  …` / ` DE mpegts …` rows → demuxer names (comma lists split). */
export function parseDemuxers(output: string): string[] {
  const start = output.indexOf('--');
  const body = start === -1 ? output : output.slice(start + 2);
  const names: string[] = [];
  for (const line of body.split('\n')) {
    const match = /^\s*D[E. ]\S*\s+(\S+)/.exec(line) ?? /^\s*D\s+(\S+)/.exec(line);
    if (match?.[1]) names.push(...match[1].split(','));
  }
  return names;
}

/** `Input:` / `Output:` sections of `-protocols`. */
export function parseProtocols(output: string): { input: string[]; output: string[] } {
  const result = { input: [] as string[], output: [] as string[] };
  let section: 'input' | 'output' | null = null;
  for (const line of output.split('\n')) {
    const trimmed = line.trim();
    if (/^Input:?$/i.test(trimmed)) section = 'input';
    else if (/^Output:?$/i.test(trimmed)) section = 'output';
    else if (section && /^[a-z0-9_]+$/i.test(trimmed)) result[section].push(trimmed);
  }
  return result;
}

/** `ffmpeg version 7.1-full_build…` / `n6.1.1` → 7 / 6. */
export function parseMajorVersion(version: string | null): number | null {
  const match = /^n?(\d+)\./.exec(version ?? '');
  return match ? Number(match[1]) : null;
}

async function run(ffmpegPath: string, args: string[]): Promise<string> {
  const result = await runOnce(ffmpegPath, ['-hide_banner', ...args], { maxOutputBytes: 8 * 1024 * 1024 });
  return result.ended === 'exit' && result.code === 0 ? result.stdout : '';
}

/** Ask an ffmpeg binary for its version, encoders, demuxers and protocols (four quick runs). */
export async function detectCapabilities(ffmpegPath: string): Promise<FfmpegCapabilities> {
  const [versionText, encodersText, demuxersText, protocolsText] = await Promise.all([
    run(ffmpegPath, ['-version']),
    run(ffmpegPath, ['-encoders']),
    run(ffmpegPath, ['-demuxers']),
    run(ffmpegPath, ['-protocols']),
  ]);
  const version = /^ffmpeg version (\S+)/m.exec(versionText)?.[1] ?? null;
  const encoders = parseEncoders(encodersText);
  const demuxers = parseDemuxers(demuxersText);
  const protocols = parseProtocols(protocolsText);
  const has = (list: string[], name: string): boolean => list.includes(name);
  return {
    version,
    major: parseMajorVersion(version),
    encoders,
    demuxers,
    inputProtocols: protocols.input,
    outputProtocols: protocols.output,
    supports: {
      libx264: has(encoders, 'libx264'),
      aac: has(encoders, 'aac'),
      h264Nvenc: has(encoders, 'h264_nvenc'),
      h264Vaapi: has(encoders, 'h264_vaapi'),
      h264VideoToolbox: has(encoders, 'h264_videotoolbox'),
      rtmpOut: has(protocols.output, 'rtmp'),
      rtmpsOut: has(protocols.output, 'rtmps'),
      httpsIn: has(protocols.input, 'https'),
      srtIn: has(protocols.input, 'srt'),
      hlsIn: has(demuxers, 'hls'),
      concat: has(demuxers, 'concat'),
      lavfi: has(demuxers, 'lavfi'),
    },
  };
}
