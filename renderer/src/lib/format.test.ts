import { describe, expect, it } from 'vitest';
import {
  formatCountdown,
  formatRelative,
  formatBitrate,
  formatBytes,
  formatDateTime,
  formatDuration,
  formatFps,
  formatMinutes,
  formatPercent,
  formatSpeed,
} from './format';

/** ICU puts narrow no-break spaces in some places: compare with plain ones. */
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('formatDuration', () => {
  it('writes HH:MM:SS and keeps counting hours past a day', () => {
    expect(formatDuration(0)).toBe('00:00:00');
    expect(formatDuration(3_723_999)).toBe('01:02:03');
    expect(formatDuration(27 * 3600 * 1000 + 5_000)).toBe('27:00:05');
    expect(formatDuration(-5)).toBe('00:00:00');
    expect(formatDuration(Number.NaN)).toBe('00:00:00');
  });
});

describe('units', () => {
  it('writes bitrates in kbit/s below a megabit and Mbit/s above', () => {
    expect(formatBitrate(686)).toBe('686 kbit/s');
    expect(formatBitrate(96.4)).toBe('96.4 kbit/s');
    expect(formatBitrate(2500)).toBe('2.5 Mbit/s');
    expect(formatBitrate(6000)).toBe('6 Mbit/s');
    expect(formatBitrate(12_345)).toBe('12.3 Mbit/s');
    expect(formatBitrate(0)).toBe('0 kbit/s');
  });

  it('writes memory in binary units named KiB/MiB/GiB/TiB', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(512 * 1024)).toBe('512 KiB');
    expect(formatBytes(162 * 1024 * 1024)).toBe('162 MiB');
    expect(formatBytes(1.25 * 1024 ** 3)).toBe('1.25 GiB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3 TiB');
  });

  it('prints speed with two decimals and an x, CPU as a percentage', () => {
    expect(formatSpeed(1)).toBe('1.00x');
    expect(formatSpeed(0.987)).toBe('0.99x');
    expect(formatPercent(42.4)).toBe('42%');
    expect(plain(formatPercent(42.4, 'fr'))).toBe('42 %');
  });

  it('writes minutes as hours and minutes', () => {
    expect(formatMinutes(45)).toBe('45 min');
    expect(formatMinutes(90)).toBe('1 hr 30 min');
    expect(plain(formatMinutes(120, 'fr'))).toBe('2 h');
  });
});

describe('in French', () => {
  it('uses the comma as the decimal mark', () => {
    expect(formatBitrate(2500, 'fr')).toBe('2,5 Mbit/s');
    expect(formatBytes(1.25 * 1024 ** 3, 'fr')).toBe('1,25 GiB');
    expect(formatSpeed(0.987, 'fr')).toBe('0,99x');
    expect(formatFps(29.97, 'fr')).toBe('30');
    expect(formatFps(29.9, 'fr')).toBe('29,9');
    expect(formatFps(30, 'en')).toBe('30');
  });

  it('writes times on 24 hours, English on 12', () => {
    const at = '2030-01-15T19:30:00Z';
    expect(plain(formatDateTime(at, 'fr', 'Europe/Paris'))).toBe('15 janv. 2030, 20:30');
    expect(plain(formatDateTime(at, 'en', 'Europe/Paris'))).toBe('Jan 15, 2030, 8:30 PM');
  });
});

describe('relative times and countdowns', () => {
  it('says how long ago in each language', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(formatRelative(now - 20_000, now, 'en')).toBe('this minute');
    expect(formatRelative(now - 5 * 60_000, now, 'en')).toBe('5 minutes ago');
    expect(formatRelative(now - 3 * 3600_000, now, 'fr')).toBe('il y a 3 heures');
    expect(formatRelative(now - 2 * 86_400_000, now, 'fr')).toBe('avant-hier');
  });

  it('counts down to a start, with days past a day', () => {
    expect(formatCountdown(3_723_000)).toBe('01:02:03');
    expect(formatCountdown(2 * 86_400_000 + 5000)).toBe('2 d 00:00:05');
    expect(formatCountdown(-5)).toBe('00:00:00');
  });
});
