import type { z } from 'zod';

/**
 * One RPC method of the contract: what it takes and what it returns, both as zod schemas.
 * Names are `namespace.method` (exactly one dot), e.g. `system.info`, `lives.create`.
 */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  /** One line for humans: shown in docs and error messages. */
  readonly summary: string;
}

export function method<I extends z.ZodType, O extends z.ZodType>(def: MethodDef<I, O>): MethodDef<I, O> {
  return def;
}

/** One event pushed from the engine to every client: its payload schema. */
export interface EventDef<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
  readonly summary: string;
}

export function event<P extends z.ZodType>(def: EventDef<P>): EventDef<P> {
  return def;
}

export type MethodMap = Record<string, MethodDef>;
export type EventMap = Record<string, EventDef>;

export interface Contract<M extends MethodMap = MethodMap, E extends EventMap = EventMap> {
  readonly methods: M;
  readonly events: E;
}

export type MethodName<C extends Contract> = keyof C['methods'] & string;
export type EventName<C extends Contract> = keyof C['events'] & string;

export type MethodInput<C extends Contract, K extends MethodName<C>> = z.input<C['methods'][K]['input']>;
export type MethodParsedInput<C extends Contract, K extends MethodName<C>> = z.output<C['methods'][K]['input']>;
export type MethodOutput<C extends Contract, K extends MethodName<C>> = z.output<C['methods'][K]['output']>;
export type EventPayload<C extends Contract, K extends EventName<C>> = z.output<C['events'][K]['payload']>;

/** Split `ns.name` into its two halves at type level. */
type Namespace<K> = K extends `${infer NS}.${string}` ? NS : never;

/**
 * The client shape derived from a contract: `client.system.info(input)`.
 * A method whose input accepts `undefined` (an optional object) may be called with no argument.
 */
export type ClientOf<C extends Contract> = {
  [NS in Namespace<MethodName<C>>]: {
    [K in MethodName<C> as K extends `${NS}.${infer N}` ? N : never]: undefined extends MethodInput<C, K>
      ? (input?: MethodInput<C, K>) => Promise<MethodOutput<C, K>>
      : (input: MethodInput<C, K>) => Promise<MethodOutput<C, K>>;
  };
};

export type Unsubscribe = () => void;

export type EventListener<C extends Contract, K extends EventName<C>> = (payload: EventPayload<C, K>) => void;

/**
 * What every transport gives the renderer: named methods plus `on(event, listener) → unsubscribe`,
 * for the engine it is connected to. `target(id)` gives the same shape for another engine
 * ("local" is this computer; other ids are VPS agents the desktop app is connected to).
 */
export type ApiOf<C extends Contract> = ClientOf<C> & {
  on<K extends EventName<C>>(event: K, listener: EventListener<C, K>): Unsubscribe;
  target(id: string): ApiOf<C>;
};
