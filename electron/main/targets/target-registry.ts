import { RpcError } from '@shared/contract/errors';
import type { RpcResult } from '@shared/rpc/router';
import type { Target } from './target';

/** An engine event tagged with the target it came from, so the renderer knows which engine spoke. */
export type TaggedEventListener = (target: string, event: string, payload: unknown) => void;

const TARGET_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * The engines main can reach, by id. Every renderer call names one (default "local"); an id
 * the registry does not hold is a typed NOT_FOUND, never a throw. Events of every target are
 * forwarded, tagged with the target id.
 */
export class TargetRegistry {
  readonly #targets = new Map<string, { target: Target; unsubscribe: () => void }>();
  readonly #listeners = new Set<TaggedEventListener>();

  add(target: Target): void {
    if (!TARGET_ID.test(target.id)) throw new Error(`Invalid target id "${target.id.slice(0, 64)}".`);
    if (this.#targets.has(target.id)) throw new Error(`Target "${target.id}" is already registered.`);
    const unsubscribe = target.subscribe((event, payload) => {
      for (const listener of this.#listeners) listener(target.id, event, payload);
    });
    this.#targets.set(target.id, { target, unsubscribe });
  }

  async remove(id: string): Promise<void> {
    const entry = this.#targets.get(id);
    if (!entry) return;
    this.#targets.delete(id);
    entry.unsubscribe();
    await entry.target.close();
  }

  get(id: string): Target | undefined {
    return this.#targets.get(id)?.target;
  }

  list(): { id: string; label: string }[] {
    return [...this.#targets.values()].map(({ target }) => ({ id: target.id, label: target.label }));
  }

  call(targetId: unknown, method: string, params: unknown): Promise<RpcResult> {
    const target = typeof targetId === 'string' ? this.#targets.get(targetId) : undefined;
    if (!target) {
      const shown = typeof targetId === 'string' ? `"${targetId.slice(0, 64)}"` : 'with an invalid id';
      const error = new RpcError('NOT_FOUND', `No engine target ${shown}: connect the agent first.`, {
        method: method.slice(0, 100),
      });
      return Promise.resolve({ ok: false, error: error.toPayload() });
    }
    return target.target.call(method, params);
  }

  subscribe(listener: TaggedEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.#targets.keys()]) await this.remove(id);
  }
}
