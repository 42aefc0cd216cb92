import type { RpcResult } from '@shared/rpc/router';

/** Receives every event of one engine, untyped: the IPC bridge forwards it as it is. */
export type TargetEventListener = (event: string, payload: unknown) => void;

/**
 * One engine the desktop app can drive: this computer's (in process) or a VPS agent's (over
 * SSH). Calls never throw: every failure is a typed error payload, as from the router.
 */
export interface Target {
  readonly id: string;
  /** Shown to the user: "This computer", "vps-paris". */
  readonly label: string;
  call(method: string, params: unknown): Promise<RpcResult>;
  subscribe(listener: TargetEventListener): () => void;
  /** Release the connection; the local target ignores it (the app closes its engine). */
  close(): Promise<void>;
}
