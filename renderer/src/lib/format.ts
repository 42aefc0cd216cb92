/** Figures as a streamer reads them: HH:MM:SS durations, K/M bitrates, K/M/G/T sizes. */

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

/** FFmpeg reports kbit/s (decimal): `850K`, `2.5M`. */
export function formatBitrate(kbps: number, locale = 'en'): string {
  if (!Number.isFinite(kbps) || kbps <= 0) return '0K';
  if (kbps < 1000) return `${compact(kbps, locale)}K`;
  return `${compact(kbps / 1000, locale)}M`;
}

/** Memory in binary units: `512K`, `148M`, `1.2G`, `3T`. */
export function formatBytes(bytes: number, locale = 'en'): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0B';
  const units = ['B', 'K', 'M', 'G', 'T'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value.toFixed(0) : compact(value, locale)}${units[unit]}`;
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

/** A date and time in the user's locale and an explicit zone (the one a start was set in). */
export function formatDateTime(iso: string, locale: string, timeZone?: string, style: 'medium' | 'short' = 'medium'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(
    date,
  );
}
