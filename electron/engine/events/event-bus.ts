import { EventEmitter } from 'node:events';
import type { EngineContract } from '@shared/contract';
import type { EventName, EventPayload } from '@shared/contract/define';
import type { EventSource } from '@shared/rpc/channel-server';

type AnyListener = (event: string, payload: unknown) => void;

/**
 * The engine's outward events, typed by the engine contract. Every transport subscribes here and
 * forwards to its clients; domain modules only ever call `emit`.
 */
export class EngineEvents implements EventSource {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  emit<K extends EventName<EngineContract>>(event: K, payload: EventPayload<EngineContract, K>): void {
    this.#emitter.emit('event', event, payload);
  }

  subscribe(listener: AnyListener): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }
}
