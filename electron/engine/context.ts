/** Who is calling and over which transport. Filled in by each host before a call reaches the router. */
export interface CallContext {
  readonly transport: 'ipc' | 'stream' | 'ws' | 'local';
  /** Session token presented by the caller (shared-mode engines: the VPS agent). */
  readonly sessionToken?: string | undefined;
}
