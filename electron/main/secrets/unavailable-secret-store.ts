import { RpcError } from '@shared/contract/errors';
import type { SecretStore } from '../../engine/secrets/secret-store';

/**
 * Used when no safe backend exists (no keychain, and Linux `basic_text` not accepted): the app
 * still opens, and anything that needs a secret fails with the reason and how to fix it.
 */
export class UnavailableSecretStore implements SecretStore {
  readonly kind = 'none';
  readonly #reason: string;

  constructor(reason: string) {
    this.#reason = reason;
  }

  get(): Promise<string | null> {
    return Promise.reject(new RpcError('UNAVAILABLE', this.#reason));
  }

  set(): Promise<void> {
    return Promise.reject(new RpcError('UNAVAILABLE', this.#reason));
  }

  delete(): Promise<void> {
    return Promise.reject(new RpcError('UNAVAILABLE', this.#reason));
  }
}
