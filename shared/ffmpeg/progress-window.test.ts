import { describe, expect, it } from 'vitest';
import type { FfmpegProgress } from './progress';
import { ProgressWindow } from './progress-window';

/** A `-progress` block as FFmpeg prints it: cumulative counters since the process started. */
function block(frame: number, sizeBytes: number | null, outSec: number, bitrateKbps: number | null = null): FfmpegProgress {
  return {
    frame,
    fps: null,
    bitrateKbps,
    totalSizeBytes: sizeBytes,
    outTimeUs: Math.round(outSec * 1_000_000),
    dupFrames: 0,
    dropFrames: 0,
    speed: null,
    status: 'continue',
  };
}

describe('ProgressWindow: current figures from cumulative -progress counters', () => {
  it('reports the last 5 s, not the whole-run average FFmpeg prints (a 3 Mbit/s clip after a slow start)', () => {
    const window = new ProgressWindow(5000);
    let size = 0;
    let frames = 0;
    // 10 s at 100 kbit/s (a still title card), then a 3 Mbit/s clip at 30 fps, in real time.
    for (let t = 0; t <= 20; t += 1) {
      const kbps = t <= 10 ? 100 : 3000;
      if (t > 0) {
        size += (kbps * 1000) / 8;
        frames += 30;
      }
      const cumulativeKbps = t > 0 ? (size * 8) / 1000 / t : null;
      window.push(t * 1000, block(frames, size, t, cumulativeKbps));
    }
    const now = window.current(20_000);
    expect(now.bitrateKbps).toBeCloseTo(3000, 0);
    expect(now.fps).toBeCloseTo(30, 5);
    expect(now.speed).toBeCloseTo(1, 5);
    // What FFmpeg's own cumulative figure said at that moment: far below the clip's rate.
    expect((size * 8) / 1000 / 20).toBeLessThan(1600);
    // The average is kept for the run's summary.
    expect(window.average().bitrateKbps).toBeCloseTo((size * 8) / 1000 / 20, 0);
  });

  it('speed is output time over wall time in the window: 0.5 when the encoder keeps up only half', () => {
    const window = new ProgressWindow(5000);
    for (let t = 0; t <= 12; t += 1) window.push(t * 1000, block(t * 15, t * 50_000, t * 0.5));
    expect(window.current(12_000)).toEqual({ fps: 15, bitrateKbps: 400, speed: 0.5 });
  });

  it('a restart (counters back to zero) is neither a burst nor a negative rate', () => {
    const window = new ProgressWindow(5000);
    for (let t = 0; t <= 6; t += 1) window.push(t * 1000, block(t * 25, t * 100_000, t));
    // New FFmpeg: its counters start again from zero.
    window.push(8000, block(10, 30_000, 0.4));
    window.push(9000, block(35, 130_000, 1.4));
    const figures = window.current(9000);
    expect(figures.fps).toBeGreaterThan(0);
    expect(figures.bitrateKbps).toBeGreaterThan(0);
    expect(figures.fps).toBeLessThanOrEqual(25);
    expect(figures.bitrateKbps).toBeLessThanOrEqual(800);
  });

  it('a stalled FFmpeg (no report in the window) shows zeros, not its last figures', () => {
    const window = new ProgressWindow(5000);
    for (let t = 0; t <= 5; t += 1) window.push(t * 1000, block(t * 25, t * 100_000, t));
    expect(window.current(5000).fps).toBe(25);
    expect(window.current(11_000)).toEqual({ fps: 0, bitrateKbps: 0, speed: 0 });
  });

  it('no output size (an HLS writer in direct mode): bitrate null, the rest still computed', () => {
    const window = new ProgressWindow(5000);
    for (let t = 0; t <= 5; t += 1) window.push(t * 1000, block(t * 30, null, t));
    expect(window.current(5000)).toEqual({ fps: 30, bitrateKbps: null, speed: 1 });
    expect(window.average().bitrateKbps).toBeNull();
  });
});
