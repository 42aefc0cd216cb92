import { availableParallelism, loadavg } from 'node:os';

/**
 * The machine's 1-minute load average per core: 1 means every core is busy on average, more
 * means processes wait for a core (encoders fall behind real time). Windows reports no load
 * average (0): there only lives already slower than real time count as saturation.
 */
export function loadPerCore(): number {
  const [oneMinute = 0] = loadavg();
  return oneMinute / Math.max(1, availableParallelism());
}
