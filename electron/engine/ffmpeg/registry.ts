import type { ProcessExit, RunningProcess, StopOptions } from './runner';

/**
 * Every FFmpeg the engine started and that has not exited yet, so shutdown can stop them all
 * and diagnostics can list them. Processes add and remove themselves.
 */
export class ProcessRegistry {
  private readonly running = new Set<RunningProcess>();

  add(process: RunningProcess): void {
    this.running.add(process);
    void process.exited.then(() => this.running.delete(process));
  }

  list(): RunningProcess[] {
    return [...this.running];
  }

  get size(): number {
    return this.running.size;
  }

  /** Gracefully stop every process at once (q / SIGTERM / SIGKILL), bounded by the stop options. */
  killAll(options?: StopOptions): Promise<ProcessExit[]> {
    return Promise.all(this.list().map((process) => process.stop(options)));
  }
}

/** The engine-wide registry used when a spawn does not name another one. */
export const ffmpegProcesses = new ProcessRegistry();
