import type { ApiOf, Contract, EventName, Unsubscribe } from '../contract/define';
import { RpcError, RpcErrorPayload } from '../contract/errors';
import { LOCAL_TARGET_ID } from '../contract/host-targets';

export type Invoke = (method: string, input: unknown) => Promise<unknown>;
export type Subscribe = (event: string, listener: (payload: unknown) => void) => Unsubscribe;

/** The engine on this computer. Every other target id names a VPS agent. */
export const LOCAL_TARGET = LOCAL_TARGET_ID;

export interface BuildApiOptions<C extends Contract> {
  /** How `api.target(id)` resolves other engines; by default only "local" (this api) exists. */
  target?: (id: string, self: ApiOf<C>) => ApiOf<C>;
}

/**
 * Build the named-method API (`api.system.info()`, `api.on('live.updated', fn)`) over any
 * transport's invoke/subscribe pair. Used by the preload, the browser bridge and Node clients,
 * so every transport exposes exactly the same shape.
 */
export function buildApi<C extends Contract>(
  contract: C,
  invoke: Invoke,
  subscribe: Subscribe,
  options: BuildApiOptions<C> = {},
): ApiOf<C> {
  const api: Record<string, unknown> = {};
  for (const name of Object.keys(contract.methods)) {
    const [ns, fn] = splitMethodName(name);
    const bucket = (api[ns] ??= {}) as Record<string, (input?: unknown) => Promise<unknown>>;
    bucket[fn] = (input?: unknown) => invoke(name, input);
  }
  const on = (event: EventName<C>, listener: (payload: never) => void): Unsubscribe => {
    if (!Object.hasOwn(contract.events, event)) throw new Error(`Unknown event "${event}".`);
    return subscribe(event, listener as (payload: unknown) => void);
  };
  const resolveTarget =
    options.target ?? ((id: string, root: ApiOf<C>) => (id === LOCAL_TARGET ? root : unavailableTarget(contract, id, root)));
  const self = Object.freeze({ ...api, on, target: (id: string) => resolveTarget(id, self) }) as unknown as ApiOf<C>;
  return self;
}

export type TargetInvoke = (target: string, method: string, input: unknown) => Promise<unknown>;
export type TargetSubscribe = (target: string, event: string, listener: (payload: unknown) => void) => Unsubscribe;

/**
 * The API of a host that reaches several engines (Electron main): the root is the local
 * engine, `target(id)` the same named methods bound to another one. One object per id, so
 * `api.target('vps-1') === api.target('vps-1')`.
 */
export function buildTargetedApi<C extends Contract>(contract: C, invoke: TargetInvoke, subscribe: TargetSubscribe): ApiOf<C> {
  const byId = new Map<string, ApiOf<C>>();
  const forTarget = (id: string): ApiOf<C> => {
    let api = byId.get(id);
    if (!api) {
      api = buildApi(
        contract,
        (method, input) => invoke(id, method, input),
        (event, listener) => subscribe(id, event, listener),
        { target: (other) => forTarget(other) },
      );
      byId.set(id, api);
    }
    return api;
  };
  return forTarget(LOCAL_TARGET);
}

/**
 * Electron's contextBridge copies a thrown Error as a bare Error: its `code` and `issues` are lost.
 * So the preload rejects with the plain error payload, and the page wraps `window.livemanager`
 * with this to get real RpcErrors back (same shape, same `target(id)`).
 */
export function reviveRpcErrors<C extends Contract>(contract: C, bridged: ApiOf<C>): ApiOf<C> {
  const byId = new Map<string, ApiOf<C>>();
  const methods = bridged as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
  const revived: ApiOf<C> = buildApi(
    contract,
    async (method, input) => {
      const [ns, fn] = splitMethodName(method);
      try {
        return await methods[ns]![fn]!(input);
      } catch (error) {
        const payload = RpcErrorPayload.safeParse(error);
        throw payload.success ? RpcError.fromPayload(payload.data) : error;
      }
    },
    (event, listener) => (bridged.on as (e: string, l: (p: unknown) => void) => Unsubscribe)(event, listener),
    {
      target: (id, self) => {
        if (id === LOCAL_TARGET) return self;
        let api = byId.get(id);
        if (!api) byId.set(id, (api = reviveRpcErrors(contract, bridged.target(id))));
        return api;
      },
    },
  );
  return revived;
}

/** A target this transport cannot reach: every call rejects with NOT_FOUND, events never fire. */
function unavailableTarget<C extends Contract>(contract: C, id: string, root: ApiOf<C>): ApiOf<C> {
  const message = `Target "${id.slice(0, 64)}" is not available here: this window only reaches the engine it is connected to.`;
  return buildApi(
    contract,
    (method) => Promise.reject(new RpcError('NOT_FOUND', message, { method })),
    () => () => undefined,
    { target: (other) => root.target(other) },
  );
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Names that would shadow the api's own members or reach Object.prototype. */
const RESERVED = new Set(['on', 'target', '__proto__', 'constructor', 'prototype']);

export function splitMethodName(name: string): [string, string] {
  const parts = name.split('.');
  const [ns, fn] = parts;
  if (parts.length !== 2 || !ns || !fn || !IDENTIFIER.test(ns) || !IDENTIFIER.test(fn) || RESERVED.has(ns) || RESERVED.has(fn)) {
    throw new Error(
      `Contract method "${name}" must be named "namespace.method" (two identifiers; not on, target, __proto__, constructor).`,
    );
  }
  return [ns, fn];
}
