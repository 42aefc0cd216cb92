import { useEffect, useEffectEvent, useState } from 'react';
import type { LiveManagerApi } from '../bridge/api';
import { useApi, useConnection } from './api-context';

export interface RpcResult<T> {
  /** The answer for the current key (or the previous key's while `keepPrevious` reloads). */
  readonly data: T | undefined;
  readonly error: unknown;
  /** No answer for the current key yet. */
  readonly loading: boolean;
}

export interface RpcOptions {
  /** Wait this long after the key last changed (typing) before calling. */
  readonly debounceMs?: number;
  /** Keep showing the last answer while the next key loads (a player, a list). */
  readonly keepPrevious?: boolean;
}

interface Settled<T> {
  readonly key: string;
  readonly data?: T;
  readonly error?: unknown;
}

/**
 * Read something from the engine when `key` changes (null: nothing to read), and again after a
 * reconnection. An answer that arrives after the key moved on is dropped, so a slow call never
 * overwrites a newer one. The key names everything the call depends on.
 */
export function useRpc<T>(key: string | null, call: (api: LiveManagerApi) => Promise<T>, options: RpcOptions = {}): RpcResult<T> {
  const api = useApi();
  const { epoch } = useConnection();
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const request = useEffectEvent(() => call(api));
  const debounceMs = options.debounceMs ?? 0;
  useEffect(() => {
    if (key === null) return;
    let current = true;
    const run = (): void => {
      request().then(
        (data) => current && setSettled({ key, data }),
        (error: unknown) => current && setSettled({ key, error }),
      );
    };
    const timer = debounceMs > 0 ? setTimeout(run, debounceMs) : undefined;
    if (timer === undefined) run();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, epoch, key, debounceMs]);
  const fresh = settled !== null && settled.key === key;
  return {
    data: fresh || options.keepPrevious ? settled?.data : undefined,
    error: fresh ? settled.error : undefined,
    loading: key !== null && !fresh,
  };
}
