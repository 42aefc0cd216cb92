import type { Contract, EventName, EventPayload } from '../contract/define';
import type { EventSource } from './channel-server';

/**
 * Events a host raises itself (settings changed, a target connected), typed by a contract and
 * readable as an `EventSource` by any transport. A throwing listener never stops the others.
 */
export class EventHub<C extends Contract> implements EventSource {
  readonly #listeners = new Set<(event: string, payload: unknown) => void>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = () => undefined) {
    this.#onListenerError = onListenerError;
  }

  emit<K extends EventName<C>>(event: K, payload: EventPayload<C, K>): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event, payload);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  subscribe(listener: (event: string, payload: unknown) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** One source that carries the events of several (an engine's and its host's). */
export function mergeEventSources(...sources: readonly EventSource[]): EventSource {
  return {
    subscribe(listener) {
      const offs = sources.map((source) => source.subscribe(listener));
      return () => offs.forEach((off) => off());
    },
  };
}
