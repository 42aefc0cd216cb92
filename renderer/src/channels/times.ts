import type { ProgrammeBrief } from '@shared/contract/iptv';

const clocks = new Map<string, Intl.DateTimeFormat>();

/**
 * `21:00` in the UI's language and the browser's zone. One formatter per language: making one
 * costs more than the rest of a channel row, and a scroll brings rows every frame.
 */
export function clockOf(iso: string, locale: string): string {
  let clock = clocks.get(locale);
  if (!clock) {
    clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    clocks.set(locale, clock);
  }
  return clock.format(new Date(iso));
}

/** `21:00` today, `Tue 21:00` within a week, else the date. */
export function whenOf(iso: string, locale: string, nowMs: number): string {
  const at = new Date(iso);
  const now = new Date(nowMs);
  if (at.toDateString() === now.toDateString()) return clockOf(iso, locale);
  const days = Math.abs(at.getTime() - nowMs) / 86_400_000;
  const options: Intl.DateTimeFormatOptions =
    days < 6 ? { weekday: 'short', hour: '2-digit', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(locale, options).format(at);
}

/** How much of a programme has been shown, 0 to 1. */
export function progressOf(programme: ProgrammeBrief, nowMs: number): number {
  const start = Date.parse(programme.start);
  const stop = Date.parse(programme.stop);
  if (!(stop > start)) return 0;
  return Math.min(1, Math.max(0, (nowMs - start) / (stop - start)));
}

/** `5 minutes ago`, `in 3 hours`, in the UI's language. */
export function relativeOf(iso: string, nowMs: number, locale: string): string {
  const seconds = (Date.parse(iso) - nowMs) / 1000;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  // The page's clock ticks once a minute: under that, "now" rather than "in 4 seconds".
  if (abs < 60) return format.format(0, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}
