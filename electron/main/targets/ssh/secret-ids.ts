/**
 * Where a VPS target's secrets are filed in the app's SecretStore (the OS keychain): the SSH
 * password or key passphrase, and the agent session token of the signed-in account.
 */
export interface SshSecretIds {
  readonly credential: string;
  readonly session: string;
}

export function sshSecretIds(targetId: string): SshSecretIds {
  return { credential: `agent:${targetId}:credential`, session: `agent:${targetId}:session` };
}
