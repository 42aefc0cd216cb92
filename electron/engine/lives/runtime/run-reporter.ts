import { STATS_WINDOW_MS, type RunStats, type SourceRetry } from '@shared/contract/lives';
import type { FfmpegProgress } from '@shared/ffmpeg/progress';
import { ProgressWindow } from '@shared/ffmpeg/progress-window';
import { UsageSampler } from '../../ffmpeg/usage';
import type { RunJournal } from '../run-journal';
import { DegradedWatch, type DegradedChange } from './degraded-watch';
import type { Pipeline } from './pipeline';
import type { PlaylistClock } from './playlist-clock';
import { onTick } from './shared-ticker';

const MAX_LOG_BATCH = 200;

export interface RunReporterOptions {
  readonly runId: string;
  readonly pipeline: () => Pipeline | undefined;
  readonly journal: RunJournal;
  readonly statsEveryMs: number;
  readonly now: () => number;
  readonly log: (message: string, error?: unknown) => void;
  /** Where the bitrate comes from when FFmpeg reports N/A (a direct-mode HLS writer). */
  readonly fallbackBitrateKbps?: (() => Promise<number | null>) | undefined;
  /** The run's restarts so far (every reconnection). */
  readonly restarts: () => number;
  /** The source's retry state while it was never reached. */
  readonly sourceRetry: (now: number) => SourceRetry | undefined;
  /** The live went degraded or recovered (speed below real time for the rule's period). */
  readonly onHealth: (change: DegradedChange) => void;
  /** A playlist live: where it is in its files (now playing, up next). */
  readonly playlist?: PlaylistClock | undefined;
}

/**
 * Pushes a run's FFmpeg log lines (already redacted by the runner) and statistics to the journal,
 * batched: one write per second for the log, one sample every `statsEveryMs` (and one at once
 * when the live's state changes, so the figures never contradict the badge), so twenty lives do
 * not turn into a database write per FFmpeg line. The figures are current (the last
 * `STATS_WINDOW_MS`), averages ride along; the speed is judged every second (`DegradedWatch`).
 */
export class RunReporter {
  #lines: string[] = [];
  #sourceProgress: FfmpegProgress | null = null;
  readonly #window = new ProgressWindow(STATS_WINDOW_MS);
  readonly #speed = new DegradedWatch();
  readonly #stopTicks: () => void;
  #lastFlushAt = 0;
  #lastStatsAt = 0;
  #sampling = false;
  #sampleSoon = false;
  readonly #usage = new UsageSampler();

  constructor(private readonly o: RunReporterOptions) {
    this.#stopTicks = onTick(() => this.#tick());
  }

  get degraded(): boolean {
    return this.#speed.degraded;
  }

  line(prefix: string, line: string): void {
    if (this.#lines.length >= MAX_LOG_BATCH) this.#lines.shift();
    this.#lines.push(`[${prefix}] ${line}`);
  }

  sourceProgress(progress: FfmpegProgress): void {
    this.#sourceProgress = progress;
    this.#window.push(this.o.now(), progress);
    // A new file playing is shown at once, not at the next periodic sample.
    if (progress.outTimeUs !== null && this.o.playlist?.progress(progress.outTimeUs / 1_000_000)) this.#sampleSoon = true;
  }

  /** The source's FFmpeg exited: the next one's counters start from zero. */
  sourceEnded(): void {
    this.#window.reset();
    this.o.playlist?.sourceEnded(this.o.pipeline()?.mode === 'direct');
  }

  /** Take a statistics sample at the next tick (the state or a destination's health changed). */
  sampleSoon(): void {
    this.#sampleSoon = true;
  }

  /** Write what is pending and stop. */
  close(): void {
    this.#stopTicks();
    this.#flushLog();
  }

  #tick(): void {
    const now = this.o.now();
    if (this.#sampleSoon) this.#sample(now);
    if (now - this.#lastFlushAt < 1000) return;
    this.#lastFlushAt = now;
    this.#flushLog();
    this.#judgeSpeed(now);
    if (now - this.#lastStatsAt >= this.o.statsEveryMs) this.#sample(now);
  }

  #sample(now: number): void {
    if (this.#sampling) return;
    this.#sampleSoon = false;
    this.#lastStatsAt = now;
    this.#sampling = true;
    void this.#sampleStats(now).finally(() => (this.#sampling = false));
  }

  /** Only a live on air is judged; while it (re)connects, a stretch in progress starts over. */
  #judgeSpeed(now: number): void {
    if (this.o.pipeline()?.state !== 'live') return this.#speed.pause();
    const change = this.#speed.observe(now, this.#window.current(now).speed);
    if (!change) return;
    this.#guard(() => this.o.onHealth(change));
    this.#sampleSoon = true;
  }

  #flushLog(): void {
    if (this.#lines.length === 0) return;
    const lines = this.#lines;
    this.#lines = [];
    this.#guard(() => this.o.journal.appendLog(this.o.runId, lines));
  }

  async #sampleStats(now: number): Promise<void> {
    const pipeline = this.o.pipeline();
    if (!pipeline) return;
    let cpuPercent = 0;
    let rssBytes = 0;
    for (const { child } of pipeline.children()) {
      const usage = await this.#usage.sample(child.pid);
      if (!usage) continue;
      cpuPercent += usage.cpuPercent;
      rssBytes += usage.rssBytes;
    }
    const p = this.#sourceProgress;
    const current = this.#window.current(now);
    const average = this.#window.average();
    const fallback = current.bitrateKbps === null ? ((await this.o.fallbackBitrateKbps?.()) ?? null) : null;
    const sourceRetry = this.o.sourceRetry(now);
    const playlist = this.o.playlist?.position();
    const stats: RunStats = {
      at: new Date(now).toISOString(),
      fps: current.fps,
      bitrateKbps: current.bitrateKbps ?? fallback,
      speed: current.speed,
      frames: p?.frame ?? 0,
      dropped: p?.dropFrames ?? 0,
      duplicated: p?.dupFrames ?? 0,
      outTimeMs: p?.outTimeUs ? Math.round(p.outTimeUs / 1000) : 0,
      cpuPercent: Math.round(cpuPercent * 10) / 10,
      rssBytes,
      destinations: pipeline
        .destinationHealth()
        .flatMap(({ health, ...rest }) => (health === 'ended' || health === 'stopped' ? [] : [{ ...rest, health }])),
      average: { ...average, bitrateKbps: average.bitrateKbps ?? fallback },
      restarts: this.o.restarts(),
      health: this.#speed.degraded ? 'degraded' : 'normal',
      ...(sourceRetry ? { sourceRetry } : {}),
      ...(playlist ? { playlist } : {}),
    };
    this.#guard(() => this.o.journal.recordStats(this.o.runId, stats));
  }

  /** The run may have been deleted under us: a report that cannot be written is dropped. */
  #guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.o.log(`Could not record run ${this.o.runId} activity`, error);
    }
  }
}
