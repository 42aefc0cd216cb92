/**
 * Wall-clock ↔ instant conversions in an IANA time zone, with `Intl` only (shared/ is pure).
 * A "once" start is stored as a UTC instant plus the zone it was set in; these functions turn
 * what the streamer typed ("29 March, 02:30, Europe/Paris") into that instant and back.
 */

export interface WallClock {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/**
 * How a wall-clock time mapped onto an instant:
 * - `exact`: it exists once;
 * - `gap`: it does not exist (clocks went forward), moved forward by the gap (02:30 → 03:30);
 * - `overlap`: it exists twice (clocks went back), the earlier one was taken.
 */
export type WallClockResolution = 'exact' | 'gap' | 'overlap';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock (to the second) shown in `timeZone` at instant `utcMs`. */
export function wallClockAt(utcMs: number, timeZone: string): WallClock & { second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of `timeZone` from UTC at instant `utcMs`, in milliseconds (Paris in summer: +7 200 000). */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const wall = wallClockAt(utcMs, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

function sameWallClock(utcMs: number, wall: WallClock, timeZone: string): boolean {
  const seen = wallClockAt(utcMs, timeZone);
  return (
    seen.year === wall.year &&
    seen.month === wall.month &&
    seen.day === wall.day &&
    seen.hour === wall.hour &&
    seen.minute === wall.minute
  );
}

/**
 * The instant a wall-clock time in `timeZone` stands for. Zone offsets change at most once
 * around a given moment, so trying the offsets 24 h either side covers gaps and overlaps.
 */
export function wallClockToUtc(wall: WallClock, timeZone: string): { utcMs: number; resolution: WallClockResolution } {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const before = zoneOffsetMs(naive - 86_400_000, timeZone);
  const after = zoneOffsetMs(naive + 86_400_000, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => naive - offset)
    .filter((utcMs) => sameWallClock(utcMs, wall, timeZone))
    .sort((a, b) => a - b);
  const earliest = candidates[0];
  if (earliest !== undefined) return { utcMs: earliest, resolution: candidates.length > 1 ? 'overlap' : 'exact' };
  // In a gap: read the time with the offset in force before it, which lands as far past the gap.
  return { utcMs: naive - before, resolution: 'gap' };
}

/** `2026-03-29 03:30` in `timeZone`, for logs and notifications. */
export function formatWallClock(utcMs: number, timeZone: string): string {
  const w = wallClockAt(utcMs, timeZone);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}
