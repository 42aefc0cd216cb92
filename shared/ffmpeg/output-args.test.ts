import { describe, expect, it } from 'vitest';
import { buildHlsOutputArgs, buildRtmpOutputArgs, buildSeedTranscodeArgs, hlsPlaylistPath } from './output-args';
import { destinationUrl, DestinationUrlError, PLATFORM_PRESETS } from './platforms';

const KEY = 'abcd-efgh-ijkl-mnop';

describe('output builders', () => {
  it('RTMP push copies the hub stream to FLV', () => {
    expect(buildRtmpOutputArgs(`rtmp://live.twitch.tv/app/${KEY}`)).toEqual([
      '-f',
      'mpegts',
      '-i',
      'pipe:0',
      '-map',
      '0:v?',
      '-map',
      '0:a?',
      '-c',
      'copy',
      '-f',
      'flv',
      '-flvflags',
      'no_duration_filesize',
      `rtmp://live.twitch.tv/app/${KEY}`,
    ]);
  });

  it('HLS writer: 2 s segments, 6 in the list, old ones deleted, names per live', () => {
    expect(buildHlsOutputArgs({ dir: '/data/hls/live-42/', liveId: 'live-42' })).toEqual([
      '-f',
      'mpegts',
      '-i',
      'pipe:0',
      '-map',
      '0:v?',
      '-map',
      '0:a?',
      '-c',
      'copy',
      '-f',
      'hls',
      '-hls_time',
      '2',
      '-hls_list_size',
      '6',
      '-hls_flags',
      'delete_segments+independent_segments+temp_file',
      '-hls_start_number_source',
      'epoch',
      '-hls_segment_filename',
      '/data/hls/live-42/live-42-%d.ts',
      '/data/hls/live-42/index.m3u8',
    ]);
    expect(hlsPlaylistPath('/data/hls/live-42')).toBe('/data/hls/live-42/index.m3u8');
  });

  it('a hostile live id cannot climb out of its HLS folder', () => {
    const args = buildHlsOutputArgs({ dir: '/data/hls/x', liveId: '../../etc/x' });
    expect(args).toContain('/data/hls/x/______etc_x-%d.ts');
  });

  it("the seed's always-transcode command, for the benchmark baseline", () => {
    expect(buildSeedTranscodeArgs('/v/a.mp4', 'rtmp://h/live/k')).toEqual([
      '-re',
      '-stream_loop',
      '-1',
      '-i',
      '/v/a.mp4',
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
      'rtmp://h/live/k',
    ]);
  });
});

describe('platform presets → push URL', () => {
  it.each([
    ['youtube-primary', `rtmp://a.rtmp.youtube.com/live2/${KEY}`],
    ['youtube-backup', `rtmp://b.rtmp.youtube.com/live2?backup=1/${KEY}`],
    ['twitch', `rtmp://live.twitch.tv/app/${KEY}`],
    ['facebook', `rtmps://live-api-s.facebook.com:443/rtmp/${KEY}`],
  ] as const)('%s', (id, url) => {
    expect(destinationUrl(id, KEY)).toBe(url);
  });

  it('custom RTMP/RTMPS: URL + key, slashes tidied; key optional when the URL holds it', () => {
    expect(destinationUrl('custom-rtmp', KEY, 'rtmps://ingest.example.com/live/')).toBe(`rtmps://ingest.example.com/live/${KEY}`);
    expect(destinationUrl('custom-rtmp', '', 'rtmp://ingest.example.com/live/k')).toBe('rtmp://ingest.example.com/live/k');
  });

  it('refuses bad input with clear messages that never echo the key', () => {
    expect(() => destinationUrl('custom-rtmp', KEY)).toThrow(DestinationUrlError);
    expect(() => destinationUrl('custom-rtmp', KEY, 'http://x/live')).toThrow(/rtmp:\/\/ or rtmps:\/\//);
    // The builder applies the contract's URL rules again: no control character, nothing that listens.
    expect(() => destinationUrl('custom-rtmp', KEY, 'rtmp://x/live\r\nfoo')).toThrow(/control character/);
    expect(() => destinationUrl('custom-rtmp', KEY, 'rtmp://x/live?listen=1')).toThrow(/never waits/);
    expect(() => destinationUrl('twitch', '')).toThrow(/needs a stream key/);
    try {
      destinationUrl('twitch', 'my secret key');
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });

  it('lists every preset for the UI, custom last', () => {
    expect(PLATFORM_PRESETS.map((preset) => preset.id)).toEqual([
      'youtube-primary',
      'youtube-backup',
      'twitch',
      'facebook',
      'custom-rtmp',
    ]);
  });
});
