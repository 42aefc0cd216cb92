/**
 * Signals to a whole process group. Children are spawned `detached` (their own group, led by
 * the child), so `-pid` reaches FFmpeg and anything it started. Windows has no groups: the
 * child alone is signalled (TODO: a job object would give the same guarantee there).
 */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    if (process.platform === 'win32') process.kill(pid, signal);
    else process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: already gone
  }
}

/** True while a process (or, with a negative id, any member of a group) exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
