/**
 * Whether the window still reaches its engine. The browser build talks to the web host over a
 * WebSocket that can drop; the desktop app's IPC to main cannot (a remote agent's link will
 * report through the same shape). `epoch` grows each time the link comes back, so whatever was
 * read before the loss is read again.
 */
export interface ConnectionStatus {
  readonly state: 'connected' | 'lost';
  readonly epoch: number;
  /** Why the link dropped, in the transport's words (for the banner's details). */
  readonly reason?: string;
}

export interface Connection {
  current(): ConnectionStatus;
  subscribe(listener: () => void): () => void;
}

const CONNECTED: ConnectionStatus = Object.freeze({ state: 'connected', epoch: 0 });

/** The Electron window's link to main: in-process IPC, never lost. */
export const ALWAYS_CONNECTED: Connection = {
  current: () => CONNECTED,
  subscribe: () => () => undefined,
};

/** A connection whose status the owner sets (one object per change, for useSyncExternalStore). */
export function createConnection(): Connection & { set(status: ConnectionStatus): void } {
  let status = CONNECTED;
  const listeners = new Set<() => void>();
  return {
    current: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      status = next;
      for (const listener of [...listeners]) listener();
    },
  };
}
