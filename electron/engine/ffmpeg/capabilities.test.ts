import { describe, expect, it } from 'vitest';
import { detectCapabilities, parseDemuxers, parseEncoders, parseMajorVersion, parseProtocols } from './capabilities';
import { locateTool } from './locate';

describe('detectCapabilities on the real FFmpeg', () => {
  it('reports version, encoders, demuxers and protocols LiveManager needs', async () => {
    const located = await locateTool('ffmpeg');
    expect(located.found).toBe(true);
    if (!located.found) return;
    const caps = await detectCapabilities(located.path);
    expect(caps.version).toBe(located.version);
    expect(caps.major).toBeGreaterThanOrEqual(5);
    expect(caps.supports).toMatchObject({
      libx264: true,
      aac: true,
      rtmpOut: true,
      rtmpsOut: true,
      httpsIn: true,
      srtIn: true,
      hlsIn: true,
      concat: true,
      lavfi: true,
    });
    expect(caps.encoders).toContain('libx264');
    expect(caps.encoders).not.toContain('------');
    expect(caps.demuxers).toEqual(expect.arrayContaining(['mov', 'mp4', 'mpegts', 'flv']));
  });

  it('a path that is not ffmpeg yields empty capabilities instead of throwing', async () => {
    const caps = await detectCapabilities('/nonexistent/ffmpeg');
    expect(caps.version).toBeNull();
    expect(caps.supports.libx264).toBe(false);
  });
});

describe('capability parsers', () => {
  it('encoders', () => {
    const text =
      'Encoders:\n V..... = Video\n ------\n V....D libx264   libx264 H.264\n V....D h264_nvenc  NVIDIA NVENC H.264 encoder (codec h264)\n A..... aac  AAC\n';
    expect(parseEncoders(text)).toEqual(['libx264', 'h264_nvenc', 'aac']);
  });

  it('demuxers, comma lists split', () => {
    expect(
      parseDemuxers('File formats:\n D. = Demuxing\n --\n D  concat  Virtual\n DE mov,mp4,m4a  QuickTime\n  E mp3 muxer only\n'),
    ).toEqual(['concat', 'mov', 'mp4', 'm4a']);
  });

  it('protocols by direction', () => {
    expect(parseProtocols('Supported file protocols:\nInput:\n  file\n  srt\nOutput:\n  rtmp\n  rtmps\n')).toEqual({
      input: ['file', 'srt'],
      output: ['rtmp', 'rtmps'],
    });
  });

  it('major version from release and distribution strings', () => {
    expect([
      parseMajorVersion('5.1.6-0+deb12u1'),
      parseMajorVersion('n6.1.1'),
      parseMajorVersion('7.1-full_build-www.gyan.dev'),
      parseMajorVersion('N-112000-gabc'),
      parseMajorVersion(null),
    ]).toEqual([5, 6, 7, null, null]);
  });
});
