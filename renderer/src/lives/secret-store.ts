import { SecretStorage } from '@shared/contract/system';
import { useRpc } from '../app/use-rpc';

/**
 * Where the engine keeps stream keys, which decides what the dialog may promise. The host reports
 * it in `system.info().secretStorage` (the desktop app: the OS keychain or Electron's safeStorage;
 * an agent or the web host: an encrypted file or the keychain). While that answer is not in, the
 * sentence is the one true on every host.
 */
export const SECRET_STORE_KINDS = [...SecretStorage.options, 'unknown'] as const;
export type SecretStoreKind = (typeof SECRET_STORE_KINDS)[number];

export function secretStoreKindOf(info: { secretStorage?: unknown } | undefined): SecretStoreKind {
  const parsed = SecretStorage.safeParse(info?.secretStorage);
  return parsed.success ? parsed.data : 'unknown';
}

export function useSecretStoreKind(): SecretStoreKind {
  return secretStoreKindOf(useRpc('system.info', (api) => api.system.info()).data);
}
