import { describe, expect, it } from 'vitest';
import { buildChannelPreviewArgs } from './preview-args';

describe('IPTV channel preview arguments', () => {
  it('reads the channel with its headers, copies the picture, makes AAC sound, and writes a short HLS window', () => {
    const args = buildChannelPreviewArgs(
      {
        url: 'http://panel.example:8080/live/u/p/1001.ts',
        headers: { 'user-agent': 'VLC/3.0.21 LibVLC/3.0.21', referer: 'http://r/' },
      },
      { dir: '/data/iptv-preview/abc', name: 'abc' },
    );
    expect(args).toEqual([
      ...['-user_agent', 'VLC/3.0.21 LibVLC/3.0.21', '-referer', 'http://r/'],
      ...['-reconnect', '1', '-reconnect_streamed', '1', '-reconnect_delay_max', '5', '-reconnect_on_network_error', '1'],
      ...['-protocol_whitelist', 'http,https,tcp,tls,crypto', '-i', 'http://panel.example:8080/live/u/p/1001.ts'],
      ...['-map', '0:v:0?', '-map', '0:a:0?', '-c:v', 'copy', '-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-ar', '48000'],
      ...['-max_muxing_queue_size', '1024', '-f', 'hls', '-hls_time', '2', '-hls_list_size', '5'],
      ...['-hls_flags', 'delete_segments+independent_segments+temp_file', '-hls_start_number_source', 'epoch'],
      ...['-hls_segment_filename', '/data/iptv-preview/abc/abc-%d.ts', '/data/iptv-preview/abc/index.m3u8'],
    ]);
  });

  it('refuses a channel address FFmpeg must not open (a playlist naming a local file)', () => {
    expect(() => buildChannelPreviewArgs({ url: 'file:///etc/passwd', headers: {} }, { dir: '/d', name: 'p' })).toThrow();
  });
});
