import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseBitrateKbps,
  parseClockUs,
  parseSizeBytes,
  parseSpeed,
  ProgressParser,
  type FfmpegProgress,
} from '@shared/ffmpeg/progress';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

function parseAll(text: string, chunkSizes: number[] = [text.length]): FfmpegProgress[] {
  const parser = new ProgressParser();
  const blocks: FfmpegProgress[] = [];
  let at = 0;
  let i = 0;
  while (at < text.length) {
    const size = chunkSizes[i++ % chunkSizes.length] ?? 1;
    blocks.push(...parser.push(text.slice(at, at + size)));
    at += size;
  }
  return blocks;
}

describe('ProgressParser on captured FFmpeg 5.1 output', () => {
  const text = fixture('progress-ffmpeg5.1.txt');

  it('reads every block with typed figures', () => {
    const blocks = parseAll(text);
    expect(blocks).toHaveLength(6);
    expect(blocks[0]).toEqual({
      frame: 1,
      fps: 0,
      bitrateKbps: null,
      totalSizeBytes: 0,
      outTimeUs: 0,
      dupFrames: 0,
      dropFrames: 0,
      speed: 0,
      status: 'continue',
    });
    expect(blocks[1]).toEqual({
      frame: 13,
      fps: 0,
      bitrateKbps: 984.5,
      totalSizeBytes: 42864,
      outTimeUs: 348300,
      dupFrames: 0,
      dropFrames: 0,
      speed: 0.684,
      status: 'continue',
    });
    expect(blocks.at(-1)?.status).toBe('end');
  });

  it('gives the same blocks whatever the chunking (split inside keys, values, CRLF)', () => {
    const whole = parseAll(text);
    expect(parseAll(text, [1])).toEqual(whole);
    expect(parseAll(text, [7, 3, 13])).toEqual(whole);
    expect(parseAll(text.replace(/\n/g, '\r\n'), [5, 2])).toEqual(whole);
  });
});

describe('ProgressParser on FFmpeg 6.1 and 7.1 samples (N/A before the first packet)', () => {
  it('6.1: N/A → null, drop/dup counted, speed', () => {
    const blocks = parseAll(fixture('progress-ffmpeg6.1.txt'), [11]);
    expect(blocks[0]).toEqual({
      frame: 0,
      fps: 0,
      bitrateKbps: null,
      totalSizeBytes: null,
      outTimeUs: null,
      dupFrames: 0,
      dropFrames: 0,
      speed: null,
      status: 'continue',
    });
    expect(blocks[2]).toMatchObject({
      frame: 61,
      bitrateKbps: 2501.9,
      totalSizeBytes: 638144,
      outTimeUs: 2040522,
      dupFrames: 2,
      dropFrames: 1,
      speed: 1.01,
      status: 'end',
    });
  });

  it('7.1: padded speed, end block', () => {
    const blocks = parseAll(fixture('progress-ffmpeg7.1.txt'), [4]);
    expect(blocks.map((block) => block.totalSizeBytes)).toEqual([null, 1726464, 2852812]);
    expect(blocks[1]?.speed).toBe(1);
    expect(blocks[2]?.status).toBe('end');
  });
});

describe('unit parsers', () => {
  it('bitrate in bits, kbits, Mbits, N/A', () => {
    expect([
      parseBitrateKbps(' 984.5kbits/s'),
      parseBitrateKbps('1.5Mbits/s'),
      parseBitrateKbps('500bits/s'),
      parseBitrateKbps('N/A'),
    ]).toEqual([984.5, 1500, 0.5, null]);
  });

  it('sizes in bytes, kB, KiB, MiB, N/A', () => {
    expect([
      parseSizeBytes('176384'),
      parseSizeBytes('42kB'),
      parseSizeBytes('42KiB'),
      parseSizeBytes('2MiB'),
      parseSizeBytes('N/A'),
      parseSizeBytes('12parsecs'),
    ]).toEqual([176384, 43008, 43008, 2 * 1024 * 1024, null, null]);
  });

  it('clock times, including negative ones', () => {
    expect([parseClockUs('01:02:03.500000'), parseClockUs('-00:00:00.040000'), parseClockUs('N/A')]).toEqual([
      3723500000,
      -40000,
      null,
    ]);
  });

  it('speed', () => {
    expect([parseSpeed('1.01x'), parseSpeed('   0x'), parseSpeed('N/A'), parseSpeed('1.2e+03x')]).toEqual([1.01, 0, null, 1200]);
  });

  it('falls back to out_time, then out_time_ms (microseconds in every release)', () => {
    expect(new ProgressParser().push('out_time=00:00:02.000000\nprogress=continue\n')[0]?.outTimeUs).toBe(2_000_000);
    expect(new ProgressParser().push('out_time_ms=2000000\nprogress=continue\n')[0]?.outTimeUs).toBe(2_000_000);
  });

  it('does not grow without bound on garbage', () => {
    const parser = new ProgressParser();
    parser.push('x'.repeat(100_000));
    expect(parser.push('\nframe=5\nprogress=continue\n')[0]?.frame).toBe(5);
  });
});
