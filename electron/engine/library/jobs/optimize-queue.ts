import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RenditionId } from '@shared/contract/library';
import { buildOptimizeArgs, type H264Encoder, type OptimizeOutput } from '@shared/ffmpeg/optimize-args';
import type { FfmpegProgress } from '@shared/ffmpeg/progress';
import { signalGroup } from '../../ffmpeg/process-group';
import { spawnFfmpeg, type RunningProcess } from '../../ffmpeg/runner';
import type { ItemRecord } from '../items/item-store';
import { cleanFileName, freePath } from '../imports/file-names';
import type { JobPatch, JobRecord, JobStore } from './job-store';
import type { LiveCpuDemand } from './live-cpu-demand';
import { lowerPriority } from './low-priority';

export interface OptimizeQueueDeps {
  readonly jobs: JobStore;
  readonly item: (itemId: string) => ItemRecord | undefined;
  /** The owner's library folder, created if needed: outputs are written there. */
  readonly folderOf: (ownerId: string) => Promise<string>;
  readonly ffmpegPath: () => Promise<string>;
  readonly encoder: () => Promise<H264Encoder>;
  readonly demand: LiveCpuDemand;
  /** Every change of a job, to be pushed as `library.jobUpdated`. */
  readonly changed: (job: JobRecord) => void;
  /** The outputs were renamed into place: add them as items linked to the original; returns their ids. */
  readonly addOutputs: (job: JobRecord, original: ItemRecord, outputs: readonly OptimizeOutput[]) => Promise<string[]>;
  readonly now: () => number;
  readonly log: (message: string, error?: unknown) => void;
}

interface Running {
  readonly job: JobRecord;
  readonly process: RunningProcess;
  readonly partials: readonly OptimizeOutput[];
  paused: boolean;
  cancelled: boolean;
  lastWriteAt: number;
}

const LABEL: Record<RenditionId, string> = {
  stream: 'stream',
  '240p': '240p',
  '360p': '360p',
  '480p': '480p',
  '720p': '720p',
  '1080p': '1080p',
};

/**
 * Optimize jobs, one at a time (they use every core they get): each is one FFmpeg at the lowest
 * priority, paused (SIGSTOP) while a live needs the CPU and resumed (SIGCONT) after, with its
 * progress, speed and ETA pushed as it goes. Outputs are written under temporary names and
 * renamed only when FFmpeg succeeded: a failed or cancelled job leaves nothing behind.
 */
export class OptimizeQueue {
  #running: Running | undefined;
  /** The current job's whole run, including its clean-up after FFmpeg exits. */
  #current: Promise<void> | undefined;
  #pumping = false;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: OptimizeQueueDeps) {}

  /** Jobs an engine left running go back to the queue (their partial files are gone with the process). */
  start(): void {
    for (const job of this.deps.jobs.unfinished()) this.#update(job.id, { state: 'queued', waitReason: null, percent: 0 });
    this.#timer = setInterval(() => this.#gate(), 1000);
    this.#timer.unref();
    this.pump();
  }

  /** Start the next queued job when none runs. */
  pump(): void {
    if (this.#running || this.#pumping || this.#closed) return;
    const next = this.deps.jobs.nextQueued();
    if (!next) return;
    this.#pumping = true;
    this.#current = this.#run(next)
      .catch((error: unknown) => {
        this.deps.log(`Optimize job ${next.id} failed to run`, error);
        this.#finish(next.id, { state: 'failed', error: 'The job could not run: see the engine log.' });
      })
      .finally(() => {
        this.#pumping = false;
        this.#running = undefined;
        this.#current = undefined;
        this.pump();
      });
  }

  /** Cancel a job: a queued one is dropped, a running or paused one is killed and its files removed. */
  async cancel(jobId: string): Promise<JobRecord | undefined> {
    const running = this.#running;
    if (running?.job.id === jobId) {
      running.cancelled = true;
      const current = this.#current;
      await this.#kill(running);
      await current; // its files are removed and its state written
      return this.deps.jobs.get(jobId);
    }
    const job = this.deps.jobs.get(jobId);
    if (job && job.state === 'queued') return this.#finish(jobId, { state: 'cancelled', waitReason: null });
    return job;
  }

  /** Engine shutdown: the running job is killed and goes back to the queue for the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    const running = this.#running;
    const current = this.#current;
    if (running) await this.#kill(running);
    await current;
  }

  async #run(queued: JobRecord): Promise<void> {
    const original = this.deps.item(queued.itemId);
    const video = original?.media?.video;
    if (!original || !video?.width || !video.height) {
      this.#finish(queued.id, { state: 'failed', error: 'The item is gone or has no video to optimize.' });
      return;
    }
    const [ffmpegPath, encoder, folder] = await Promise.all([
      this.deps.ffmpegPath(),
      this.deps.encoder(),
      this.deps.folderOf(queued.ownerId),
    ]);
    const stem = cleanFileName(path.basename(original.name, path.extname(original.name)));
    const outputs: OptimizeOutput[] = [];
    for (const id of queued.outputs) {
      const final = await freePath(folder, `${stem} (${LABEL[id]}).mp4`);
      outputs.push({ id, file: `${final}.part-${queued.id.slice(0, 8)}` });
    }
    const args = buildOptimizeArgs(
      {
        path: original.path,
        width: video.width,
        height: video.height,
        fps: video.fps,
        variableFrameRate: video.variableFrameRate,
        textSubtitles: (original.media?.subtitles ?? []).filter((s) => s.kind === 'text').map((s) => s.position),
      },
      outputs,
      encoder,
    );
    // Cancelled (or the engine closing) while the encoder was chosen: nothing was started.
    if (this.#closed || this.deps.jobs.get(queued.id)?.state !== 'queued') return;
    const durationSec = original.media?.durationSec ?? null;
    const process = spawnFfmpeg(args, {
      ffmpegPath,
      logLevel: 'error',
      label: `optimize ${queued.id}`,
      onProgress: (progress) => this.#progress(progress, durationSec),
    });
    lowerPriority(process.pid);
    const job = this.#update(queued.id, { state: 'running', encoder, waitReason: null, percent: 0 }) ?? queued;
    const running: Running = { job, process, partials: outputs, paused: false, cancelled: false, lastWriteAt: 0 };
    this.#running = running;
    this.#gate();
    const exit = await process.exited;
    if (running.cancelled || this.#closed || exit.code !== 0) {
      await Promise.all(outputs.map((o) => rm(o.file, { force: true })));
      if (running.cancelled) this.#finish(job.id, { state: 'cancelled', waitReason: null, speed: null, etaSec: null });
      else if (this.#closed) this.#update(job.id, { state: 'queued', waitReason: null, percent: 0 });
      else this.#finish(job.id, { state: 'failed', error: failureOf(exit.stderrTail), speed: null, etaSec: null });
      return;
    }
    const finals = outputs.map((o) => ({ id: o.id, file: o.file.slice(0, o.file.lastIndexOf('.part-')) }));
    await Promise.all(outputs.map((o, i) => rename(o.file, finals[i]?.file ?? o.file)));
    const resultIds = await this.deps.addOutputs(job, original, finals);
    this.#finish(job.id, { state: 'done', percent: 100, etaSec: 0, resultIds, waitReason: null });
  }

  #progress(progress: FfmpegProgress, durationSec: number | null): void {
    const running = this.#running;
    if (!running) return;
    const outSec = (progress.outTimeUs ?? 0) / 1_000_000;
    const speed = progress.speed;
    const percent = durationSec ? Math.min(99.9, (outSec / durationSec) * 100) : 0;
    const etaSec = durationSec && speed && speed > 0 ? Math.max(0, (durationSec - outSec) / speed) : null;
    const now = this.deps.now();
    if (now - running.lastWriteAt < 1000) return;
    if (running.lastWriteAt === 0) lowerPriority(running.process.pid); // the encoder's threads exist by now
    running.lastWriteAt = now;
    this.#update(running.job.id, { percent, speed, etaSec });
  }

  /** Pause or resume the running job as lives need the CPU. */
  #gate(): void {
    const running = this.#running;
    if (!running || running.cancelled) return;
    const reason = this.deps.demand.reason();
    if (reason && !running.paused) {
      running.paused = signalGroup(running.process.pid, 'SIGSTOP');
      if (running.paused) this.#update(running.job.id, { state: 'paused', waitReason: reason, speed: null, etaSec: null });
    } else if (!reason && running.paused) {
      signalGroup(running.process.pid, 'SIGCONT');
      running.paused = false;
      this.#update(running.job.id, { state: 'running', waitReason: null });
    }
  }

  /** Killed at once (a cancelled job keeps nothing, so no graceful finish); a stopped process is woken to die. */
  async #kill(running: Running): Promise<void> {
    signalGroup(running.process.pid, 'SIGCONT');
    signalGroup(running.process.pid, 'SIGKILL');
    await running.process.exited;
  }

  #update(jobId: string, patch: JobPatch): JobRecord | undefined {
    const job = this.deps.jobs.update(jobId, patch);
    if (job) this.deps.changed(job);
    return job;
  }

  #finish(jobId: string, patch: JobPatch): JobRecord | undefined {
    return this.#update(jobId, { ...patch, endedAt: this.deps.now() });
  }
}

/** FFmpeg's last line, for a failed job (already redacted by the runner; library paths hold no secret). */
function failureOf(tail: readonly string[]): string {
  const line = [...tail].reverse().find((l) => l.trim() !== '' && !/^Conversion failed/.test(l));
  return line ? `FFmpeg stopped: ${line.trim().slice(0, 300)}` : 'FFmpeg stopped with an error.';
}
