import path from 'node:path';
import type { SafeStorage } from 'electron';
import type { SecretStore } from '../../engine/secrets/secret-store';
import { chooseSecretStore, type SecretBackend } from './choose-secret-store';
import { KeychainSecretStore } from './keychain-secret-store';
import { SafeStorageSecretStore } from './safe-storage-secret-store';
import { UnavailableSecretStore } from './unavailable-secret-store';

export interface OpenSecretStoreOptions {
  safeStorage: SafeStorage;
  userData: string;
  allowBasicText: boolean;
  log: (message: string) => void;
}

/** The app's SecretStore: keychain, else safeStorage, else one that explains why secrets are off. */
export async function openSecretStore(
  options: OpenSecretStoreOptions,
): Promise<{ store: SecretStore; backend: SecretBackend | 'none' }> {
  try {
    const chosen = await chooseSecretStore({
      keychain: new KeychainSecretStore(),
      safeStorage: () =>
        new SafeStorageSecretStore({
          safeStorage: options.safeStorage,
          file: path.join(options.userData, 'secrets.bin.json'),
          allowBasicText: options.allowBasicText,
        }),
    });
    options.log(`Secrets are kept in the ${chosen.backend === 'keychain' ? 'OS keychain' : 'safeStorage-encrypted file'}.`);
    return chosen;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'No safe place to keep secrets.';
    options.log(`Secrets are unavailable: ${reason}`);
    return { store: new UnavailableSecretStore(reason), backend: 'none' };
  }
}
