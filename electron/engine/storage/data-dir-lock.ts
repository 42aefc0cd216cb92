import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `Another LiveManager engine (pid ${holderPid}) is already running on ${dataDir}. ` +
        'Only one engine may use a data folder: it supervises the FFmpeg processes recorded there, ' +
        'and a second one would take them for leftovers of a crash.',
    );
    this.name = 'DataDirBusyError';
  }
}

/**
 * Claim a data folder for one engine process (`engine.lock` holding its pid). A lock left by a
 * process that no longer exists (the engine was SIGKILLed) is taken over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'engine.lock');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          if (holderOf(file) === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = holderOf(file);
      if (holder !== null && holder !== process.pid && isRunning(holder)) throw new DataDirBusyError(dataDir, holder);
      rmSync(file, { force: true }); // stale: its engine is gone
    }
  }
  throw new Error(`Could not claim ${file}: it keeps changing.`);
}

function holderOf(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
