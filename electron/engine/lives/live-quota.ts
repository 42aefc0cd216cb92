import { RpcError } from '@shared/contract/errors';
import type { LiveStore } from './live-store';
import { engineMessage } from '@shared/messages/engine-message';

/** How many lives one account may keep on an engine, unless the host says otherwise. */
export const DEFAULT_LIVES_PER_OWNER = 200;

/**
 * The per-account cap on lives. Creations by one owner run one after the other, so two
 * simultaneous creates at 199 cannot both pass the count.
 */
export class LiveQuota {
  readonly #store: LiveStore;
  readonly #max: number;
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(store: LiveStore, max = DEFAULT_LIVES_PER_OWNER) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`The lives-per-owner limit must be a whole number ≥ 1 (got ${max}).`);
    this.#store = store;
    this.#max = max;
  }

  /** Run `create` if `ownerId` has room for one more live; LIMIT_REACHED otherwise. */
  create<T>(ownerId: string, create: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(ownerId) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => {
        if (this.#store.countByOwner(ownerId) >= this.#max) {
          throw RpcError.of('LIMIT_REACHED', engineMessage('lives.quotaReached', { max: this.#max }), {
            method: 'lives.create',
          });
        }
        return create();
      });
    this.#queues.set(ownerId, next);
    const forget = (): void => {
      if (this.#queues.get(ownerId) === next) this.#queues.delete(ownerId);
    };
    next.then(forget, forget);
    return next;
  }
}
