/** The person behind a call, resolved by the engine before any handler runs. */
export interface Caller {
  readonly userId: string;
  readonly isAdmin: boolean;
  readonly isApproved: boolean;
}

/** The desktop app's engine runs in single-owner mode: its one user is an approved admin. */
export const LOCAL_OWNER: Caller = Object.freeze({ userId: 'local', isAdmin: true, isApproved: true });

/** Who is calling and over which transport. Filled in by each host before a call reaches the router. */
export interface CallContext {
  readonly transport: 'ipc' | 'stream' | 'ws' | 'local';
  /** Who is at the other end (an address, an SSH user), for per-peer login rate limits. */
  readonly peer?: string | undefined;
  /** Session token presented by the caller (shared-mode engines: the VPS agent). */
  readonly sessionToken?: string | undefined;
  /**
   * Set by the engine's auth layer (accounts domain) from the session, or LOCAL_OWNER in
   * single-owner mode. Handlers read it through `callerOf`.
   */
  readonly caller?: Caller | undefined;
}

/** The caller of a call; absent only in single-owner mode, where it is the local owner. */
export function callerOf(ctx: CallContext): Caller {
  return ctx.caller ?? LOCAL_OWNER;
}
