import type { SecretStore } from '../../engine/secrets/secret-store';

export type SecretBackend = 'keychain' | 'safe-storage';

export interface SecretStoreCandidates {
  keychain: SecretStore & { isAvailable(): Promise<boolean> };
  /** Built only when the keychain does not answer; throws when it would be unsafe. */
  safeStorage: () => SecretStore;
}

/** The OS keychain when it answers, else Electron safeStorage (which may refuse, see its rules). */
export async function chooseSecretStore(
  candidates: SecretStoreCandidates,
): Promise<{ store: SecretStore; backend: SecretBackend }> {
  if (await candidates.keychain.isAvailable()) return { store: candidates.keychain, backend: 'keychain' };
  return { store: candidates.safeStorage(), backend: 'safe-storage' };
}
