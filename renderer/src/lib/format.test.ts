import { describe, expect, it } from 'vitest';
import { formatBitrate, formatBytes, formatDuration, formatFps, formatSpeed } from './format';

describe('formatDuration', () => {
  it('writes HH:MM:SS and keeps counting hours past a day', () => {
    expect(formatDuration(0)).toBe('00:00:00');
    expect(formatDuration(3_723_999)).toBe('01:02:03');
    expect(formatDuration(27 * 3600 * 1000 + 5_000)).toBe('27:00:05');
    expect(formatDuration(-5)).toBe('00:00:00');
    expect(formatDuration(Number.NaN)).toBe('00:00:00');
  });
});

describe('formatBitrate', () => {
  it('uses K below a megabit and M above', () => {
    expect(formatBitrate(850)).toBe('850K');
    expect(formatBitrate(96.4)).toBe('96.4K');
    expect(formatBitrate(2500)).toBe('2.5M');
    expect(formatBitrate(6000)).toBe('6M');
    expect(formatBitrate(12_345)).toBe('12.3M');
    expect(formatBitrate(0)).toBe('0K');
  });
});

describe('formatBytes', () => {
  it('uses binary K/M/G/T', () => {
    expect(formatBytes(512)).toBe('512B');
    expect(formatBytes(512 * 1024)).toBe('512K');
    expect(formatBytes(148 * 1024 * 1024)).toBe('148M');
    expect(formatBytes(1.25 * 1024 ** 3)).toBe('1.25G');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3T');
  });
});

describe('formatSpeed', () => {
  it('prints two decimals and an x', () => {
    expect(formatSpeed(1)).toBe('1.00x');
    expect(formatSpeed(0.987)).toBe('0.99x');
  });
});

describe('in French', () => {
  it('uses the comma as the decimal mark', () => {
    expect(formatBitrate(2500, 'fr')).toBe('2,5M');
    expect(formatBytes(1.25 * 1024 ** 3, 'fr')).toBe('1,25G');
    expect(formatSpeed(0.987, 'fr')).toBe('0,99x');
    expect(formatFps(29.97, 'fr')).toBe('30');
    expect(formatFps(29.9, 'fr')).toBe('29,9');
    expect(formatFps(30, 'en')).toBe('30');
  });
});
