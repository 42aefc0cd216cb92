import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface ProcessUsage {
  /** Percent of ONE core since the previous sample of this pid (100 = one core busy). */
  cpuPercent: number;
  /** Total CPU time (user + system) since the process started. */
  cpuSeconds: number;
  rssBytes: number;
}

/**
 * Samples CPU % and RSS of child processes. Linux reads /proc/<pid>/stat (utime + stime in clock
 * ticks) and /proc/<pid>/status (VmRSS), which costs no process spawn per sample; macOS uses
 * `ps`. TODO Windows: no sampler yet (returns null) — `wmic` is deprecated; a native query is needed.
 */
export class UsageSampler {
  private readonly previous = new Map<number, { cpuSeconds: number; at: number }>();
  private ticksPerSecond: Promise<number> | null = null;

  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  /** null when the process is gone or the platform is not supported. */
  async sample(pid: number): Promise<ProcessUsage | null> {
    const now = performance.now();
    const raw = this.platform === 'linux' ? await this.readLinux(pid) : this.platform === 'darwin' ? await readPs(pid) : null;
    if (!raw) {
      this.previous.delete(pid);
      return null;
    }
    const before = this.previous.get(pid);
    this.previous.set(pid, { cpuSeconds: raw.cpuSeconds, at: now });
    let cpuPercent = raw.cpuPercent ?? 0;
    if (raw.cpuPercent === undefined && before && now > before.at) {
      cpuPercent = ((raw.cpuSeconds - before.cpuSeconds) / ((now - before.at) / 1000)) * 100;
    }
    return { cpuPercent: Math.max(0, Math.round(cpuPercent * 10) / 10), cpuSeconds: raw.cpuSeconds, rssBytes: raw.rssBytes };
  }

  /** Drop the memory of a pid once its process ended. */
  forget(pid: number): void {
    this.previous.delete(pid);
  }

  private async readLinux(pid: number): Promise<RawUsage | null> {
    try {
      const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]);
      const ticks = await (this.ticksPerSecond ??= clockTicks());
      const parsed = parseProcStat(stat, ticks);
      const rssKb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
      if (!parsed || rssKb === undefined) return null;
      return { cpuSeconds: parsed.cpuSeconds, rssBytes: Number(rssKb) * 1024 };
    } catch {
      return null;
    }
  }
}

interface RawUsage {
  cpuSeconds: number;
  rssBytes: number;
  /** Given directly by `ps` (lifetime average); computed from deltas otherwise. */
  cpuPercent?: number;
}

/**
 * `/proc/<pid>/stat`: the command name (field 2) is in parentheses and may hold spaces, so fields
 * are counted after the LAST `)`. utime and stime are fields 14 and 15.
 */
export function parseProcStat(stat: string, ticksPerSecond: number): { cpuSeconds: number; state: string } | null {
  const close = stat.lastIndexOf(')');
  if (close === -1) return null;
  const fields = stat.slice(close + 2).split(' ');
  // fields[0] is field 3 (state), so field N is fields[N - 3].
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return { cpuSeconds: (utime + stime) / ticksPerSecond, state: fields[0] ?? '?' };
}

function clockTicks(): Promise<number> {
  return new Promise((resolve) => {
    execFile('getconf', ['CLK_TCK'], { timeout: 2000 }, (error, stdout) => {
      const value = Number(stdout.trim());
      resolve(!error && value > 0 ? value : 100);
    });
  });
}

/** macOS (and any ps with -o): `ps -o %cpu=,rss=,time= -p <pid>`. */
function readPs(pid: number): Promise<RawUsage | null> {
  return new Promise((resolve) => {
    execFile('ps', ['-o', '%cpu=,rss=,time=', '-p', String(pid)], { timeout: 2000 }, (error, stdout) => {
      const [cpu, rss, time] = stdout.trim().split(/\s+/);
      if (error || cpu === undefined || rss === undefined) return resolve(null);
      resolve({ cpuPercent: Number(cpu), rssBytes: Number(rss) * 1024, cpuSeconds: parsePsTime(time ?? '0') });
    });
  });
}

/** `[[dd-]hh:]mm:ss[.cc]` → seconds. */
export function parsePsTime(value: string): number {
  const [daysPart, clock] = value.includes('-') ? value.split('-') : ['0', value];
  const parts = (clock ?? '0').split(':').map(Number).reverse();
  const seconds = (parts[0] ?? 0) + (parts[1] ?? 0) * 60 + (parts[2] ?? 0) * 3600;
  return seconds + Number(daysPart) * 86400;
}
