import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { RpcError } from '@shared/contract/errors';
import type { SecretStore } from '../../engine/secrets/secret-store';

type Crypto = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export interface SafeStorageOptions {
  safeStorage: Crypto;
  /** The encrypted blob file, in userData. */
  file: string;
  platform?: NodeJS.Platform;
  /** The user accepted Linux's `basic_text` backend (a hard-coded key: obfuscation, not protection). */
  allowBasicText?: boolean;
}

interface BlobFile {
  version: 1;
  /** The Linux backend that encrypted these blobs; another one cannot decrypt them. */
  backend: string;
  entries: Record<string, string>;
}

/**
 * The fallback where no keychain answers: each secret encrypted by Electron safeStorage (keys held
 * by the OS) and kept as base64 in one file. Refuses Linux `basic_text` unless the user opted in,
 * and refuses to read blobs written under another backend instead of returning garbage.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'safe-storage';
  readonly #options: SafeStorageOptions;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: SafeStorageOptions) {
    this.#options = options;
    this.#backend(); // fail at start-up, not on the first stream key
  }

  async get(id: string): Promise<string | null> {
    const data = await this.#read();
    const blob = data.entries[id];
    return blob === undefined ? null : this.#options.safeStorage.decryptString(Buffer.from(blob, 'base64'));
  }

  set(id: string, value: string): Promise<void> {
    return this.#update((data) => {
      data.entries[id] = this.#options.safeStorage.encryptString(value).toString('base64');
    });
  }

  delete(id: string): Promise<void> {
    return this.#update((data) => {
      delete data.entries[id];
    });
  }

  #backend(): string {
    const { safeStorage, platform = process.platform, allowBasicText = false } = this.#options;
    if (!safeStorage.isEncryptionAvailable()) {
      throw new RpcError('UNAVAILABLE', 'No OS keychain and no system encryption available: secrets cannot be stored safely.');
    }
    if (platform !== 'linux') return platform;
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' && !allowBasicText) {
      throw new RpcError(
        'UNAVAILABLE',
        'No keyring (GNOME Keyring or KWallet) is running, so secrets would only be obfuscated. Start a keyring, or allow unprotected storage in Settings.',
      );
    }
    return backend;
  }

  async #read(): Promise<BlobFile> {
    const backend = this.#backend();
    let text: string;
    try {
      text = await readFile(this.#options.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, backend, entries: {} };
      throw error;
    }
    const data = JSON.parse(text) as BlobFile;
    if (data.backend !== backend) {
      throw new RpcError(
        'UNAVAILABLE',
        `Secrets were encrypted with the "${data.backend}" keyring, but "${backend}" is in use now: they cannot be read. Restore that keyring or enter the secrets again.`,
      );
    }
    return data;
  }

  #update(change: (data: BlobFile) => void): Promise<void> {
    // Serialise writers: two set() calls must not lose each other's entry.
    const run = this.#queue.then(async () => {
      const data = await this.#read();
      change(data);
      await mkdir(path.dirname(this.#options.file), { recursive: true });
      const temp = `${this.#options.file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(data), { mode: 0o600 });
      await rename(temp, this.#options.file);
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
