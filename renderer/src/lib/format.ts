/** Figures as a streamer reads them: HH:MM:SS durations, K/M bitrates, K/M/G/T sizes. */

const pad = (n: number): string => String(n).padStart(2, '0');

/** `01:02:03`; hours keep counting past 24 (`27:00:00`) because lives run for days. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '00:00:00';
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600);
  return `${pad(hours)}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

function compact(value: number): string {
  return value >= 100
    ? value.toFixed(0)
    : value >= 10
      ? value.toFixed(1).replace(/\.0$/, '')
      : value.toFixed(2).replace(/\.?0+$/, '');
}

/** FFmpeg reports kbit/s (decimal): `850K`, `2.5M`. */
export function formatBitrate(kbps: number): string {
  if (!Number.isFinite(kbps) || kbps <= 0) return '0K';
  if (kbps < 1000) return `${compact(kbps)}K`;
  return `${compact(kbps / 1000)}M`;
}

/** Memory in binary units: `512K`, `148M`, `1.2G`, `3T`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0B';
  const units = ['B', 'K', 'M', 'G', 'T'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value.toFixed(0) : compact(value)}${units[unit]}`;
}

/** `1.00x` as FFmpeg prints speed; below 0.95 the source cannot keep up. */
export function formatSpeed(speed: number): string {
  return `${Number.isFinite(speed) ? speed.toFixed(2) : '0.00'}x`;
}

/** A date and time in the user's locale and an explicit zone (the one a start was set in). */
export function formatDateTime(iso: string, locale: string, timeZone?: string, style: 'medium' | 'short' = 'medium'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(
    date,
  );
}
