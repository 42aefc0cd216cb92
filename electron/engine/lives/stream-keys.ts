import { randomUUID } from 'node:crypto';
import { maskSecret } from '@shared/format/mask';
import { secretIdOf, secretRefOf } from '../secrets/secret-ref';
import type { SecretStore } from '../secrets/secret-store';

export interface StoredStreamKey {
  readonly keyRef: string;
  readonly keyMasked: string;
}

/**
 * Stream keys, and passwords taken out of URLs, live in the SecretStore only; the database holds
 * `secret:<id>` and a mask.
 * Every new key gets a new id, so replacing a key never overwrites the old one before the
 * database has committed the change (a failed update loses nothing).
 */
export class StreamKeys {
  readonly #secrets: SecretStore;
  readonly #log: (message: string, error?: unknown) => void;

  constructor(secrets: SecretStore, log: (message: string, error?: unknown) => void) {
    this.#secrets = secrets;
    this.#log = log;
  }

  async store(liveId: string, destinationId: string, key: string): Promise<StoredStreamKey> {
    const id = `stream-key/${liveId}/${destinationId}/${randomUUID()}`;
    await this.#secrets.set(id, key);
    return { keyRef: secretRefOf(id), keyMasked: maskSecret(key) };
  }

  /** A password taken out of a URL (`slot`: `source` or a destination id); returns its reference. */
  async storeUrlPassword(liveId: string, slot: string, password: string): Promise<string> {
    const id = `url-password/${liveId}/${slot}/${randomUUID()}`;
    await this.#secrets.set(id, password);
    return secretRefOf(id);
  }

  /** The secret behind a reference (a key or a URL password), or null when the store no longer has it. */
  async read(keyRef: string): Promise<string | null> {
    return this.#secrets.get(secretIdOf(keyRef));
  }

  /** Best effort: a secret that cannot be deleted is logged (by reference), never fatal. */
  async discard(keyRefs: readonly string[]): Promise<void> {
    for (const keyRef of keyRefs) {
      await this.#secrets.delete(secretIdOf(keyRef)).catch((error: unknown) => {
        this.#log(`Could not delete secret ${keyRef} from the secret store`, error);
      });
    }
  }
}
