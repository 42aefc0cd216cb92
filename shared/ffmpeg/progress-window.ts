import type { FfmpegProgress } from './progress';

/** Frames, bitrate and speed over some stretch of wall time. */
export interface ProgressFigures {
  fps: number;
  /** Null when FFmpeg reports no output size (an HLS writer in direct mode). */
  bitrateKbps: number | null;
  speed: number;
}

interface Step {
  /** Wall time at the end of this step (ms). */
  at: number;
  wallMs: number;
  frames: number;
  /** Null when a report had no size. */
  bytes: number | null;
  outUs: number;
}

interface Mark {
  at: number;
  frame: number | null;
  size: number | null;
  outUs: number | null;
}

/**
 * Current figures from FFmpeg's `-progress`, whose counters (frames, bytes, output clock) are
 * cumulative since the process started: the figures over the last `windowMs` come from the
 * differences between consecutive reports, and the whole-run averages from their sums. A
 * counter going backwards is a new FFmpeg process (a restart): its first report only sets the
 * new base, so a restart never shows as a burst or a negative rate.
 */
export class ProgressWindow {
  readonly #steps: Step[] = [];
  #last: Mark | undefined;
  readonly #total = { wallMs: 0, frames: 0, bytes: 0, outUs: 0, sized: false };

  constructor(private readonly windowMs = 5000) {}

  /** A `-progress` block received at `at` (ms). */
  push(at: number, progress: FfmpegProgress): void {
    const mark: Mark = { at, frame: progress.frame, size: progress.totalSizeBytes, outUs: progress.outTimeUs };
    const last = this.#last;
    this.#last = mark;
    if (!last || at <= last.at || restarted(last, mark)) return;
    const frames = delta(last.frame, mark.frame) ?? 0;
    const bytes = delta(last.size, mark.size);
    const outUs = delta(last.outUs, mark.outUs) ?? 0;
    const step: Step = { at, wallMs: at - last.at, frames, bytes, outUs };
    this.#steps.push(step);
    this.#total.wallMs += step.wallMs;
    this.#total.frames += frames;
    this.#total.outUs += outUs;
    if (bytes !== null) {
      this.#total.bytes += bytes;
      this.#total.sized = true;
    }
    this.#trim(at);
  }

  /** The process went away: its last report is no base for the next process's first one. */
  reset(): void {
    this.#last = undefined;
  }

  /**
   * The figures of the last `windowMs` before `now`. A window with no report (FFmpeg stalled or
   * restarting) gives zeros: nothing is flowing, whatever the last report said.
   */
  current(now: number): ProgressFigures {
    this.#trim(now);
    const steps = this.#steps;
    const wallMs = steps.reduce((sum, s) => sum + s.wallMs, 0);
    if (wallMs <= 0) return { fps: 0, bitrateKbps: this.#total.sized ? 0 : null, speed: 0 };
    const sized = steps.filter((s) => s.bytes !== null);
    return figures(
      wallMs,
      steps.reduce((sum, s) => sum + s.frames, 0),
      sized.length > 0 ? sized.reduce((sum, s) => sum + (s.bytes ?? 0), 0) : null,
      steps.reduce((sum, s) => sum + s.outUs, 0),
    );
  }

  /** Since the first report: what the run's summary shows. */
  average(): ProgressFigures {
    const t = this.#total;
    if (t.wallMs <= 0) return { fps: 0, bitrateKbps: null, speed: 0 };
    return figures(t.wallMs, t.frames, t.sized ? t.bytes : null, t.outUs);
  }

  #trim(now: number): void {
    // A step counts while it ends inside the window; older ones leave it.
    while (this.#steps.length > 0 && (this.#steps[0]?.at ?? 0) <= now - this.windowMs) this.#steps.shift();
  }
}

function figures(wallMs: number, frames: number, bytes: number | null, outUs: number): ProgressFigures {
  const seconds = wallMs / 1000;
  return {
    fps: round(frames / seconds, 100),
    bitrateKbps: bytes === null ? null : round((bytes * 8) / 1000 / seconds, 10),
    speed: round(outUs / 1_000_000 / seconds, 1000),
  };
}

function delta(before: number | null, after: number | null): number | null {
  return before === null || after === null ? null : Math.max(0, after - before);
}

/** A counter that went backwards: the report comes from a new process. */
function restarted(last: Mark, mark: Mark): boolean {
  const back = (a: number | null, b: number | null): boolean => a !== null && b !== null && b < a;
  return back(last.frame, mark.frame) || back(last.size, mark.size) || back(last.outUs, mark.outUs);
}

function round(value: number, scale: number): number {
  return Number.isFinite(value) ? Math.round(value * scale) / scale : 0;
}
