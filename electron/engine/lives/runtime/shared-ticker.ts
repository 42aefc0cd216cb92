/**
 * One timer for every periodic check of every live (stale detection, log and statistics
 * flushing). Dozens of lives with a timer per process would wake the engine dozens of times a
 * second; this wakes it four times, whatever the number of lives.
 */
const TICK_MS = 250;
const listeners = new Set<() => void>();
let timer: NodeJS.Timeout | undefined;

export function onTick(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    timer = setInterval(() => {
      for (const run of [...listeners]) run();
    }, TICK_MS);
    timer.unref();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
