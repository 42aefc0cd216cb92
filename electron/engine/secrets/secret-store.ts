import type { SecretStorage } from '@shared/contract/system';

/**
 * Where stream keys, passwords and tokens live. The engine only ever holds references
 * (`secret:<id>`) in its database; the host decides the backend: the OS keychain in the
 * desktop app, an encrypted file on the VPS agent, memory in tests.
 */
export interface SecretStore {
  /** Which backend this is, reported by `system.info` so the UI can say where keys are kept. */
  readonly kind: SecretStorage;
  get(id: string): Promise<string | null>;
  set(id: string, value: string): Promise<void>;
  delete(id: string): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory';
  readonly #values = new Map<string, string>();

  get(id: string): Promise<string | null> {
    return Promise.resolve(this.#values.get(id) ?? null);
  }

  set(id: string, value: string): Promise<void> {
    this.#values.set(id, value);
    return Promise.resolve();
  }

  delete(id: string): Promise<void> {
    this.#values.delete(id);
    return Promise.resolve();
  }
}
