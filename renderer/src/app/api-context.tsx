import { LOCAL_TARGET } from '@shared/rpc/api';
import { createContext, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { ApiBridge, LiveManagerApi } from '../bridge/api';
import type { Connection, ConnectionStatus } from '../bridge/connection';

interface ApiContextValue {
  /** The API of the selected target (`window.livemanager`'s shape). */
  readonly api: LiveManagerApi;
  readonly targetId: string;
  readonly selectTarget: (targetId: string) => void;
  readonly connection: Connection;
}

const ApiContext = createContext<ApiContextValue | null>(null);

/**
 * The engine the window works on: this computer's by default, or an agent picked later. Every
 * domain reads its API here instead of receiving it as a prop, so a new domain or a target
 * switch needs no plumbing.
 */
export function ApiProvider({ bridge, children }: { bridge: ApiBridge; children: ReactNode }) {
  const [targetId, selectTarget] = useState(LOCAL_TARGET);
  const value = useMemo<ApiContextValue>(
    () => ({ api: bridge.api.target(targetId), targetId, selectTarget, connection: bridge.connection }),
    [bridge, targetId],
  );
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('This component must be inside <ApiProvider>.');
  return value;
}

/** The selected target's API. */
export function useApi(): LiveManagerApi {
  return useApiContext().api;
}

export function useTarget(): { targetId: string; selectTarget: (targetId: string) => void } {
  const { targetId, selectTarget } = useApiContext();
  return { targetId, selectTarget };
}

/** Whether the engine is reachable now; `epoch` grows on each reconnection. */
export function useConnection(): ConnectionStatus {
  const { connection } = useApiContext();
  return useSyncExternalStore(connection.subscribe, connection.current);
}
