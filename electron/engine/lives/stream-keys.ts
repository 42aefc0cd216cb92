import { randomUUID } from 'node:crypto';
import { maskSecret } from '@shared/format/mask';
import type { SecretStore } from '../secrets/secret-store';

/** How a destination row points at its key in the SecretStore. */
export const KEY_REF_PREFIX = 'secret:';

export interface StoredStreamKey {
  readonly keyRef: string;
  readonly keyMasked: string;
}

/**
 * Stream keys live in the SecretStore only; the database holds `secret:<id>` and the mask.
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
    return { keyRef: `${KEY_REF_PREFIX}${id}`, keyMasked: maskSecret(key) };
  }

  /** The key behind a reference, or null when the secret store no longer has it. */
  async read(keyRef: string): Promise<string | null> {
    return this.#secrets.get(secretIdOf(keyRef));
  }

  /** Best effort: a secret that cannot be deleted is logged (by reference), never fatal. */
  async discard(keyRefs: readonly string[]): Promise<void> {
    for (const keyRef of keyRefs) {
      await this.#secrets.delete(secretIdOf(keyRef)).catch((error: unknown) => {
        this.#log(`Could not delete stream key ${keyRef} from the secret store`, error);
      });
    }
  }
}

function secretIdOf(keyRef: string): string {
  if (!keyRef.startsWith(KEY_REF_PREFIX)) throw new Error(`Not a secret reference: ${keyRef.slice(0, 40)}`);
  return keyRef.slice(KEY_REF_PREFIX.length);
}
