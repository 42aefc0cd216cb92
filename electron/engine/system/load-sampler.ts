import { statfs } from 'node:fs/promises';
import os from 'node:os';
import type { MachineLoad } from '@shared/contract/system';

/** CPU time counters summed over every core (ms), as `os.cpus()` reports them. */
export interface CpuTimes {
  readonly busy: number;
  readonly total: number;
}

export interface LoadSources {
  cpuTimes(): CpuTimes;
  cores(): number;
  memory(): { used: number; total: number };
  /** The disk holding `path`: null when the platform cannot tell. */
  disk(path: string): Promise<{ used: number; total: number } | null>;
  now(): number;
}

export function osCpuTimes(): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    busy += all - times.idle;
    total += all;
  }
  return { busy, total };
}

/** The machine, read through Node: `os` for CPU and memory, `statfs` for the data folder's disk. */
export const OS_LOAD_SOURCES: LoadSources = {
  cpuTimes: osCpuTimes,
  cores: () => Math.max(1, os.availableParallelism()),
  // freemem is what can be given to programs without swapping (MemAvailable on Linux).
  memory: () => ({ used: os.totalmem() - os.freemem(), total: os.totalmem() }),
  disk: async (path) => {
    try {
      const fs = await statfs(path);
      const total = fs.blocks * fs.bsize;
      // bavail: what an unprivileged program may still write (the root reserve excluded).
      return { total, used: total - fs.bavail * fs.bsize };
    } catch {
      return null;
    }
  },
  now: Date.now,
};

/** Busy share of the CPU between two readings, 0–100 (0 when no time passed). */
export function cpuPercentBetween(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, ((after.busy - before.busy) / total) * 100));
}

/**
 * Samples the machine's load; each sample's CPU figure covers the time since the previous one
 * (the first, since the sampler was made).
 */
export class LoadSampler {
  #last: CpuTimes;

  constructor(
    private readonly dataDir: string,
    private readonly sources: LoadSources = OS_LOAD_SOURCES,
  ) {
    this.#last = sources.cpuTimes();
  }

  async sample(): Promise<MachineLoad> {
    const times = this.sources.cpuTimes();
    const cpuPercent = cpuPercentBetween(this.#last, times);
    this.#last = times;
    const memory = this.sources.memory();
    const disk = await this.sources.disk(this.dataDir);
    return {
      at: new Date(this.sources.now()).toISOString(),
      cpuPercent: Math.round(cpuPercent * 10) / 10,
      cores: this.sources.cores(),
      memoryUsedBytes: memory.used,
      memoryTotalBytes: memory.total,
      disk: disk && { usedBytes: disk.used, totalBytes: disk.total, path: this.dataDir },
    };
  }
}
