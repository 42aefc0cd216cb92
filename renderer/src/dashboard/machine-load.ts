import type { MachineLoad } from '@shared/contract/system';
import { useEffect, useState } from 'react';
import { useApi, useConnection } from '../app/api-context';

/** Samples kept for the chart: at one every 5 s, the last five minutes. */
export const LOAD_SAMPLES = 60;

export interface LoadHistory {
  readonly latest: MachineLoad | null;
  /** Seconds since the epoch, oldest first. */
  readonly at: readonly number[];
  readonly cpu: readonly number[];
  readonly memory: readonly number[];
}

const EMPTY: LoadHistory = { latest: null, at: [], cpu: [], memory: [] };

export function withSample(history: LoadHistory, load: MachineLoad): LoadHistory {
  const at = Date.parse(load.at) / 1000;
  if (history.at.length > 0 && at <= (history.at.at(-1) ?? 0)) return { ...history, latest: history.latest ?? load };
  const keep = <T>(list: readonly T[], value: T): T[] => [...list.slice(-(LOAD_SAMPLES - 1)), value];
  const memory = load.memoryTotalBytes > 0 ? (load.memoryUsedBytes / load.memoryTotalBytes) * 100 : 0;
  return {
    latest: load,
    at: keep(history.at, at),
    cpu: keep(history.cpu, load.cpuPercent),
    memory: keep(history.memory, memory),
  };
}

/**
 * The selected engine's machine: the latest sample at once (`system.currentLoad`), then every
 * `system.load` the engine pushes. Nothing is polled; a new target or a reconnection starts over.
 */
export function useMachineLoad(): LoadHistory & { error: unknown } {
  const api = useApi();
  const { epoch } = useConnection();
  const [history, setHistory] = useState<LoadHistory>(EMPTY);
  const [error, setError] = useState<unknown>(undefined);
  // Another engine or a new connection: its samples start over (reset during render, not in the effect).
  const [source, setSource] = useState({ api, epoch });
  if (source.api !== api || source.epoch !== epoch) {
    setSource({ api, epoch });
    setHistory(EMPTY);
    setError(undefined);
  }
  useEffect(() => {
    let current = true;
    const off = api.on('system.load', (load) => current && setHistory((h) => withSample(h, load)));
    api.system.currentLoad().then(
      (load) => current && setHistory((h) => withSample(h, load)),
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
      off();
    };
  }, [api, epoch]);
  return { ...history, error };
}
