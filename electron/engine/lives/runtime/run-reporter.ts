import type { RunStats } from '@shared/contract/lives';
import type { FfmpegProgress } from '@shared/ffmpeg/progress';
import { UsageSampler } from '../../ffmpeg/usage';
import type { RunJournal } from '../run-journal';
import type { Pipeline } from './pipeline';
import { onTick } from './shared-ticker';

const MAX_LOG_BATCH = 200;

/**
 * Pushes a run's FFmpeg log lines (already redacted by the runner) and statistics to the journal,
 * batched: one write per second for the log, one sample every `statsEveryMs`, so twenty lives
 * do not turn into a database write per FFmpeg line.
 */
export class RunReporter {
  #lines: string[] = [];
  #sourceProgress: FfmpegProgress | null = null;
  readonly #stopTicks: () => void;
  #lastFlushAt = 0;
  #lastStatsAt = 0;
  #sampling = false;
  readonly #usage = new UsageSampler();

  constructor(
    private readonly runId: string,
    private readonly pipeline: () => Pipeline | undefined,
    private readonly journal: RunJournal,
    private readonly statsEveryMs: number,
    private readonly log: (message: string, error?: unknown) => void,
    /** Where the bitrate comes from when FFmpeg reports N/A (a direct-mode HLS writer). */
    private readonly fallbackBitrateKbps?: () => Promise<number | null>,
  ) {
    this.#stopTicks = onTick(() => this.#tick());
  }

  line(prefix: string, line: string): void {
    if (this.#lines.length >= MAX_LOG_BATCH) this.#lines.shift();
    this.#lines.push(`[${prefix}] ${line}`);
  }

  sourceProgress(progress: FfmpegProgress): void {
    this.#sourceProgress = progress;
  }

  /** Write what is pending and stop. */
  close(): void {
    this.#stopTicks();
    this.#flushLog();
  }

  #tick(): void {
    const now = Date.now();
    if (now - this.#lastFlushAt < 1000) return;
    this.#lastFlushAt = now;
    this.#flushLog();
    if (now - this.#lastStatsAt >= this.statsEveryMs && !this.#sampling) {
      this.#lastStatsAt = now;
      this.#sampling = true;
      void this.#sampleStats().finally(() => (this.#sampling = false));
    }
  }

  #flushLog(): void {
    if (this.#lines.length === 0) return;
    const lines = this.#lines;
    this.#lines = [];
    this.#guard(() => this.journal.appendLog(this.runId, lines));
  }

  async #sampleStats(): Promise<void> {
    const pipeline = this.pipeline();
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
    const bitrateKbps = p?.bitrateKbps ?? (await this.fallbackBitrateKbps?.()) ?? null;
    const stats: RunStats = {
      at: new Date().toISOString(),
      fps: p?.fps ?? 0,
      bitrateKbps,
      speed: p?.speed ?? 0,
      frames: p?.frame ?? 0,
      dropped: p?.dropFrames ?? 0,
      duplicated: p?.dupFrames ?? 0,
      outTimeMs: p?.outTimeUs ? Math.round(p.outTimeUs / 1000) : 0,
      cpuPercent: Math.round(cpuPercent * 10) / 10,
      rssBytes,
      destinations: pipeline
        .destinationHealth()
        .flatMap(({ health, ...rest }) => (health === 'ended' || health === 'stopped' ? [] : [{ ...rest, health }])),
    };
    this.#guard(() => this.journal.recordStats(this.runId, stats));
  }

  /** The run may have been deleted under us: a report that cannot be written is dropped. */
  #guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.log(`Could not record run ${this.runId} activity`, error);
    }
  }
}
