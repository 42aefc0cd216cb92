import type { ApiOf, Contract, EventName, Unsubscribe } from '../contract/define';

export type Invoke = (method: string, input: unknown) => Promise<unknown>;
export type Subscribe = (event: string, listener: (payload: unknown) => void) => Unsubscribe;

/**
 * Build the named-method API (`api.system.info()`, `api.on('live.updated', fn)`) over any
 * transport's invoke/subscribe pair. Used by the preload, the browser bridge and Node clients,
 * so every transport exposes exactly the same shape.
 */
export function buildApi<C extends Contract>(contract: C, invoke: Invoke, subscribe: Subscribe): ApiOf<C> {
  const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const name of Object.keys(contract.methods)) {
    const [ns, fn] = splitMethodName(name);
    const bucket = (api[ns] ??= {});
    bucket[fn] = (input?: unknown) => invoke(name, input);
  }
  const on = (event: EventName<C>, listener: (payload: never) => void): Unsubscribe => {
    if (!Object.hasOwn(contract.events, event)) throw new Error(`Unknown event "${event}".`);
    return subscribe(event, listener as (payload: unknown) => void);
  };
  return Object.freeze({ ...api, on }) as unknown as ApiOf<C>;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Names that would shadow the api's own members or reach Object.prototype. */
const RESERVED = new Set(['on', 'target', '__proto__', 'constructor', 'prototype']);

export function splitMethodName(name: string): [string, string] {
  const parts = name.split('.');
  const [ns, fn] = parts;
  if (parts.length !== 2 || !ns || !fn || !IDENTIFIER.test(ns) || !IDENTIFIER.test(fn) || RESERVED.has(ns) || RESERVED.has(fn)) {
    throw new Error(`Contract method "${name}" must be named "namespace.method" (two identifiers; not on, target, __proto__, constructor).`);
  }
  return [ns, fn];
}
