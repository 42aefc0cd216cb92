/** Figures as a streamer reads them: HH:MM:SS durations, kbit/s and Mbit/s, KiB/MiB/GiB/TiB. */

const pad = (n: number): string => String(n).padStart(2, '0');

/** `01:02:03`; hours keep counting past 24 (`27:00:00`) because lives run for days. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '00:00:00';
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600);
  return `${pad(hours)}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** Three significant digits at most, with the locale's decimal mark (`2.5` / `2,5`). */
function compact(value: number, locale: string): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, useGrouping: false }).format(value);
}

/** FFmpeg reports kbit/s (decimal, as platforms state their limits): `686 kbit/s`, `2.5 Mbit/s`. */
export function formatBitrate(kbps: number, locale = 'en'): string {
  if (!Number.isFinite(kbps) || kbps <= 0) return '0 kbit/s';
  if (kbps < 1000) return `${compact(kbps, locale)} kbit/s`;
  return `${compact(kbps / 1000, locale)} Mbit/s`;
}

/** Memory in binary units, named as such: `512 KiB`, `162 MiB`, `1.25 GiB`. */
export function formatBytes(bytes: number, locale = 'en'): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value.toFixed(0) : compact(value, locale)} ${units[unit]}`;
}

/** `1.00x` as FFmpeg prints speed; below 0.95 the source cannot keep up. */
export function formatSpeed(speed: number, locale = 'en'): string {
  const value = Number.isFinite(speed) ? speed : 0;
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)}x`;
}

/** Frames per second: whole when whole, else one decimal (`30`, `29,9`). */
export function formatFps(fps: number, locale = 'en'): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(Number.isFinite(fps) ? fps : 0);
}

/** A CPU share as the locale writes percentages (`42%`, `42 %`). */
export function formatPercent(percent: number, locale = 'en'): string {
  const value = Number.isFinite(percent) ? percent / 100 : 0;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

/** A duration given in minutes, in the locale's words: `90 min` → `1 h 30 min`. */
export function formatMinutes(minutes: number, locale = 'en'): string {
  const total = Math.max(0, Math.round(minutes));
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  const unit = (value: number, name: 'hour' | 'minute') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  if (hours === 0) return unit(rest, 'minute');
  return rest === 0 ? unit(hours, 'hour') : `${unit(hours, 'hour')} ${unit(rest, 'minute')}`;
}

/** A date and time in the UI language (24 h in French) and an explicit zone (the one a start was set in). */
export function formatDateTime(
  iso: string,
  locale: string,
  timeZone?: string,
  style: 'full' | 'long' | 'medium' | 'short' = 'medium',
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(
    date,
  );
}

/** A clock time in the UI language (`20:30:05`; English keeps 24 h too, as logs do). */
export function formatClockTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString(locale, { hour12: false });
}

/** How long ago, in the locale's words: `just now`, `5 minutes ago`, `il y a 3 jours`. */
export function formatRelative(atMs: number, nowMs: number, locale: string): string {
  const seconds = Math.round((atMs - nowMs) / 1000);
  const words = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return words.format(0, 'minute');
  if (abs < 3600) return words.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return words.format(Math.round(seconds / 3600), 'hour');
  return words.format(Math.round(seconds / 86_400), 'day');
}

/** Time left before a start: `2 d 03:04:05` past a day, else `03:04:05`; `00:00:00` once due. */
export function formatCountdown(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '00:00:00';
  const days = Math.floor(ms / 86_400_000);
  const clock = formatDuration(ms % 86_400_000);
  return days > 0 ? `${days} d ${clock}` : clock;
}
