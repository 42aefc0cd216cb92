import { AsyncEntry } from '@napi-rs/keyring';
import type { SecretStore } from '../../engine/secrets/secret-store';

/** The service name every LiveManager secret is filed under in the OS keychain. */
export const KEYCHAIN_SERVICE = 'LiveManager';

/**
 * Secrets in the OS keychain: macOS Keychain, Windows Credential Manager, the Secret Service
 * (GNOME Keyring, KWallet) on Linux. One entry per secret id; the value never touches our files.
 * Kept free of Electron imports so the keychain test can run it under plain Node.
 */
export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain';
  readonly #service: string;

  constructor(service: string = KEYCHAIN_SERVICE) {
    this.#service = service;
  }

  async get(id: string): Promise<string | null> {
    return (await this.#entry(id).getPassword()) ?? null;
  }

  async set(id: string, value: string): Promise<void> {
    await this.#entry(id).setPassword(value);
  }

  async delete(id: string): Promise<void> {
    await this.#entry(id).deletePassword();
  }

  /** True when the keychain answers a write, read and delete (it may be locked or absent). */
  async isAvailable(): Promise<boolean> {
    const probe = `livemanager-probe-${process.pid}`;
    try {
      await this.set(probe, 'probe');
      const back = await this.get(probe);
      await this.delete(probe);
      return back === 'probe';
    } catch {
      return false;
    }
  }

  #entry(id: string): AsyncEntry {
    if (!id || id.length > 200) throw new Error('A secret id is 1 to 200 characters.');
    return new AsyncEntry(this.#service, id);
  }
}
