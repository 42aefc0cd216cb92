import { useRpc } from '../app/use-rpc';

/**
 * Where the engine keeps stream keys, which decides what the dialog may promise. One value
 * drives the wording; hosts report it in `system.info` as `secretStore` once they do (the
 * desktop app: the OS keychain; an agent or the web host: an encrypted file). Until then the
 * sentence is the one true on every host.
 */
export const SECRET_STORE_KINDS = ['keychain', 'encryptedFile', 'memory', 'unknown'] as const;
export type SecretStoreKind = (typeof SECRET_STORE_KINDS)[number];

export function secretStoreKindOf(info: object | undefined): SecretStoreKind {
  const reported = info && 'secretStore' in info ? info.secretStore : undefined;
  return SECRET_STORE_KINDS.find((kind) => kind === reported) ?? 'unknown';
}

export function useSecretStoreKind(): SecretStoreKind {
  return secretStoreKindOf(useRpc('system.info', (api) => api.system.info()).data);
}
