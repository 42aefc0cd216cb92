import { readdirSync } from 'node:fs';
import { constants, setPriority } from 'node:os';

/**
 * The lowest CPU priority for a job's FFmpeg, so lives (priority 0) always come first. On Linux a
 * priority belongs to each thread: the encoder's threads started since are lowered too (called
 * again on progress). Linux's I/O schedulers derive a process's I/O priority from it (no ionice
 * needed). Best effort: a platform that refuses leaves the job at normal priority.
 */
export function lowerPriority(pid: number): void {
  const low = constants.priority.PRIORITY_LOW;
  const ids = process.platform === 'linux' ? threadsOf(pid) : [pid];
  for (const id of ids) {
    try {
      setPriority(id, low);
    } catch {
      // gone already, or not allowed
    }
  }
}

function threadsOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number).filter(Number.isInteger);
  } catch {
    return [pid];
  }
}
