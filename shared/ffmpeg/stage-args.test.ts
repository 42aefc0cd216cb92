import { describe, expect, it } from 'vitest';
import { planEncoding, type EncodingChoice } from './encoding';
import type { ProbeResult } from './probe-result';
import { buildSourceInputArgs, SourceArgsError, streamLoopArgs, testPatternProbe, type SourceSpec } from './source-args';
import { buildSourceStageArgs } from './stage-args';

const H264_AAC: ProbeResult = {
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSec: 60,
  bitRate: 3_000_000,
  video: [{ index: 0, codec: 'h264', profile: 'High', pixelFormat: 'yuv420p', width: 1280, height: 720, fps: 30 }],
  audio: [{ index: 1, codec: 'aac', profile: 'LC', channels: 2, sampleRate: 48000 }],
};
const HEVC_AC3: ProbeResult = {
  ...H264_AAC,
  formatName: 'matroska,webm',
  video: [{ index: 0, codec: 'hevc', profile: 'Main 10', pixelFormat: 'yuv420p10le', width: 1920, height: 1080, fps: 25 }],
  audio: [{ index: 1, codec: 'ac3', profile: null, channels: 6, sampleRate: 48000 }],
};

/** Every source kind with the exact input arguments it must produce. */
const SOURCES: { name: string; source: SourceSpec; input: string[]; maps: [string, string] }[] = [
  {
    name: 'file once',
    source: { kind: 'file', path: '/v/show.mp4', loop: { kind: 'once' } },
    input: ['-re', '-protocol_whitelist', 'file', '-i', '/v/show.mp4'],
    maps: ['0:v:0?', '0:a:0?'],
  },
  {
    name: 'file 3 times',
    source: { kind: 'file', path: '/v/show.mp4', loop: { kind: 'times', count: 3 } },
    input: ['-re', '-stream_loop', '2', '-protocol_whitelist', 'file', '-i', '/v/show.mp4'],
    maps: ['0:v:0?', '0:a:0?'],
  },
  {
    name: 'file forever',
    source: { kind: 'file', path: '/v/show.mp4', loop: { kind: 'forever' } },
    input: ['-re', '-stream_loop', '-1', '-protocol_whitelist', 'file', '-i', '/v/show.mp4'],
    maps: ['0:v:0?', '0:a:0?'],
  },
  {
    name: 'playlist once',
    source: { kind: 'playlist', listPath: '/d/live-1.ffconcat', loop: { kind: 'once' } },
    input: ['-re', '-protocol_whitelist', 'file', '-f', 'concat', '-safe', '0', '-i', '/d/live-1.ffconcat'],
    maps: ['0:v:0?', '0:a:0?'],
  },
  {
    name: 'playlist forever',
    source: { kind: 'playlist', listPath: '/d/live-1.ffconcat', loop: { kind: 'forever' } },
    input: ['-re', '-stream_loop', '-1', '-protocol_whitelist', 'file', '-f', 'concat', '-safe', '0', '-i', '/d/live-1.ffconcat'],
    maps: ['0:v:0?', '0:a:0?'],
  },
  {
    name: 'HLS URL',
    source: { kind: 'url', url: 'https://cdn.example.com/ch1/index.m3u8' },
    input: [
      '-user_agent',
      'VLC/3.0.20 LibVLC/3.0.20',
      '-reconnect',
      '1',
      '-reconnect_streamed',
      '1',
      '-reconnect_delay_max',
      '5',
      '-reconnect_on_network_error',
      '1',
      '-protocol_whitelist',
      'http,https,tcp,tls,crypto',
      '-i',
      'https://cdn.example.com/ch1/index.m3u8',
    ],
    maps: ['0:v:0?', '0:a:0?'],
  },
  {
    name: 'HTTP-TS URL',
    source: { kind: 'url', url: 'http://iptv.example.com:8080/live/u/p/1.ts' },
    input: [
      '-user_agent',
      'VLC/3.0.20 LibVLC/3.0.20',
      '-reconnect',
      '1',
      '-reconnect_streamed',
      '1',
      '-reconnect_delay_max',
      '5',
      '-reconnect_on_network_error',
      '1',
      '-protocol_whitelist',
      'http,https,tcp,tls,crypto',
      '-i',
      'http://iptv.example.com:8080/live/u/p/1.ts',
    ],
    maps: ['0:v:0?', '0:a:0?'],
  },
  {
    name: 'paced HTTP movie',
    source: { kind: 'url', url: 'http://iptv.example.com/movie/u/p/7.mp4', paced: true },
    input: [
      '-re',
      '-user_agent',
      'VLC/3.0.20 LibVLC/3.0.20',
      '-reconnect',
      '1',
      '-reconnect_streamed',
      '1',
      '-reconnect_delay_max',
      '5',
      '-reconnect_on_network_error',
      '1',
      '-protocol_whitelist',
      'http,https,tcp,tls,crypto',
      '-i',
      'http://iptv.example.com/movie/u/p/7.mp4',
    ],
    maps: ['0:v:0?', '0:a:0?'],
  },
  {
    name: 'RTMP URL',
    source: { kind: 'url', url: 'rtmp://origin.example.com/live/feed' },
    input: ['-protocol_whitelist', 'rtmp,rtmps,tcp,tls', '-i', 'rtmp://origin.example.com/live/feed'],
    maps: ['0:v:0?', '0:a:0?'],
  },
  {
    name: 'SRT URL',
    source: { kind: 'url', url: 'srt://origin.example.com:9000?mode=caller' },
    input: ['-protocol_whitelist', 'srt', '-i', 'srt://origin.example.com:9000?mode=caller'],
    maps: ['0:v:0?', '0:a:0?'],
  },
  {
    name: 'test pattern',
    source: { kind: 'testPattern' },
    input: [
      '-re',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=30',
      '-re',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
    ],
    maps: ['0:v:0', '1:a:0'],
  },
];

const KEYFRAMES = ['-pix_fmt', 'yuv420p', '-force_key_frames', 'expr:gte(t,n_forced*2)', '-sc_threshold', '0'];
const pad = (w: number, h: number): string[] => [
  '-vf',
  `scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1`,
];
const aac = (k: number): string[] => ['-c:a', 'aac', '-b:a', `${k}k`, '-ac', '2', '-ar', '48000'];

/** Every encoding with the probe it is planned from and the exact codec arguments. */
const ENCODINGS: { name: string; choice: EncodingChoice; probe: ProbeResult; codec: string[] }[] = [
  {
    name: 'auto, H.264+AAC source (passthrough)',
    choice: { mode: 'auto' },
    probe: H264_AAC,
    codec: ['-c:v', 'copy', '-c:a', 'copy'],
  },
  {
    name: 'auto, HEVC 10-bit + AC3 source',
    choice: { mode: 'auto' },
    probe: HEVC_AC3,
    codec: [
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-b:v',
      '5000k',
      '-maxrate',
      '6000k',
      '-bufsize',
      '10000k',
      ...KEYFRAMES,
      ...aac(128),
    ],
  },
  {
    name: 'preset economical (the seed profile)',
    choice: { mode: 'preset', preset: 'economical' },
    probe: H264_AAC,
    codec: [
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
      ...pad(640, 360),
      ...KEYFRAMES,
      ...aac(96),
    ],
  },
  {
    name: 'preset 480p',
    choice: { mode: 'preset', preset: '480p' },
    probe: H264_AAC,
    codec: [
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-b:v',
      '1200k',
      '-maxrate',
      '1500k',
      '-bufsize',
      '2400k',
      ...pad(854, 480),
      ...KEYFRAMES,
      ...aac(128),
    ],
  },
  {
    name: 'preset 720p',
    choice: { mode: 'preset', preset: '720p' },
    probe: H264_AAC,
    codec: [
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-b:v',
      '3000k',
      '-maxrate',
      '3500k',
      '-bufsize',
      '6000k',
      ...pad(1280, 720),
      ...KEYFRAMES,
      ...aac(128),
    ],
  },
  {
    name: 'preset 1080p',
    choice: { mode: 'preset', preset: '1080p' },
    probe: H264_AAC,
    codec: [
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-b:v',
      '5000k',
      '-maxrate',
      '6000k',
      '-bufsize',
      '10000k',
      ...pad(1920, 1080),
      ...KEYFRAMES,
      ...aac(160),
    ],
  },
];

const TAIL = ['-max_muxing_queue_size', '1024', '-f', 'mpegts', 'pipe:1'];

describe('buildSourceStageArgs: every source kind × encoding, exact arguments', () => {
  for (const { name: sourceName, source, input, maps } of SOURCES) {
    for (const { name: encodingName, choice, probe, codec } of ENCODINGS) {
      it(`${sourceName} × ${encodingName}`, () => {
        const args = buildSourceStageArgs(source, planEncoding(choice, probe));
        expect(args).toEqual([...input, '-map', maps[0], '-map', maps[1], ...codec, ...TAIL]);
      });
    }
  }

  it('test pattern with auto encodes both streams at the pattern size (raw video and PCM cannot be copied)', () => {
    const source = { kind: 'testPattern' } as const;
    expect(buildSourceStageArgs(source, planEncoding({ mode: 'auto' }, testPatternProbe(source)))).toEqual([
      '-re',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=30',
      '-re',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
      '-map',
      '0:v:0',
      '-map',
      '1:a:0',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-b:v',
      '500k',
      '-maxrate',
      '800k',
      '-bufsize',
      '1200k',
      ...KEYFRAMES,
      ...aac(128),
      ...TAIL,
    ]);
  });

  it('HTTP reconnect options and the user agent come BEFORE -i', () => {
    const { inputArgs } = buildSourceInputArgs({ kind: 'url', url: 'http://h/x.ts' });
    const inputAt = inputArgs.indexOf('-i');
    for (const option of [
      '-reconnect',
      '-reconnect_streamed',
      '-reconnect_delay_max',
      '-reconnect_on_network_error',
      '-user_agent',
    ]) {
      expect(inputArgs.indexOf(option)).toBeGreaterThanOrEqual(0);
      expect(inputArgs.indexOf(option)).toBeLessThan(inputAt);
    }
  });

  it('an audio-only source maps no video, a silent one no audio', () => {
    const audioOnly: ProbeResult = { ...H264_AAC, video: [] };
    expect(
      buildSourceStageArgs({ kind: 'file', path: '/a.m4a', loop: { kind: 'once' } }, planEncoding({ mode: 'auto' }, audioOnly)),
    ).toEqual(['-re', '-protocol_whitelist', 'file', '-i', '/a.m4a', '-map', '0:a:0?', '-c:a', 'copy', ...TAIL]);
    const silent: ProbeResult = { ...H264_AAC, audio: [] };
    expect(
      buildSourceStageArgs({ kind: 'file', path: '/v.mp4', loop: { kind: 'once' } }, planEncoding({ mode: 'auto' }, silent)),
    ).toEqual(['-re', '-protocol_whitelist', 'file', '-i', '/v.mp4', '-map', '0:v:0?', '-c:v', 'copy', ...TAIL]);
  });
});

describe('source arguments: request headers (IPTV channels)', () => {
  it("sends the channel's User-Agent, Referer and other headers before -i, on HTTP sources only", () => {
    const headers = { 'user-agent': 'MyPlayer/2', referer: 'http://portal.example/', cookie: 'sid=abc', 'x-token': 't1' };
    const { inputArgs } = buildSourceInputArgs({ kind: 'url', url: 'http://iptv.example.com/live/1.m3u8', headers });
    expect(inputArgs.slice(0, 6)).toEqual([
      '-user_agent',
      'MyPlayer/2',
      '-referer',
      'http://portal.example/',
      '-headers',
      'cookie: sid=abc\r\nx-token: t1\r\n',
    ]);
    expect(inputArgs.indexOf('-headers')).toBeLessThan(inputArgs.indexOf('-i'));
    const rtmp = buildSourceInputArgs({ kind: 'url', url: 'rtmp://origin.example.com/live/feed', headers });
    expect(rtmp.inputArgs).not.toContain('-headers');
    expect(rtmp.inputArgs).not.toContain('-user_agent');
  });

  it('refuses a header that would smuggle another header or a request line', () => {
    const url = 'http://iptv.example.com/live/1.ts';
    expect(() => buildSourceInputArgs({ kind: 'url', url, headers: { cookie: 'a\r\nHost: evil' } })).toThrow(/control character/);
    expect(() => buildSourceInputArgs({ kind: 'url', url, headers: { 'bad name': 'x' } })).toThrow(/invalid name/);
    expect(() => buildSourceInputArgs({ kind: 'url', url, headers: { 'x:y': 'x' } })).toThrow(SourceArgsError);
  });
});

describe('source arguments: refusals', () => {
  it('refuses a URL scheme it does not read (file:, concat:, udp:)', () => {
    for (const url of ['file:///etc/passwd', 'concat:/a|/b', 'udp://239.0.0.1:1234', '/local/path.ts']) {
      expect(() => buildSourceInputArgs({ kind: 'url', url })).toThrow(SourceArgsError);
    }
  });

  it('refuses a loop count below 1 or fractional', () => {
    expect(() => streamLoopArgs({ kind: 'times', count: 0 })).toThrow(/at least 1/);
    expect(() => streamLoopArgs({ kind: 'times', count: 1.5 })).toThrow(SourceArgsError);
    expect(streamLoopArgs({ kind: 'times', count: 1 })).toEqual([]);
  });
});
