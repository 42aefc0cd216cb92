import { useEffect, useState } from 'react';

/** "Next start" only needs minute precision: re-render once a minute, not every second. */
export function useMinuteClock(): number {
  return useClock(60_000, true);
}

/** A clock for the uptime display only (the engine is never polled); stopped when nothing runs. */
export function useSecondClock(running: boolean): number {
  return useClock(1000, running);
}

function useClock(periodMs: number, running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs, running]);
  return now;
}
