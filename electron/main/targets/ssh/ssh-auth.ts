import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { utils, type ConnectConfig } from 'ssh2';
import { SshConnectionError } from './ssh-errors';

/**
 * How the app signs in to the VPS. The password or key passphrase is never part of this: it is
 * read from the app's SecretStore (the OS keychain) when a connection is made.
 */
export type SshAuth = { kind: 'password' } | { kind: 'key'; keyPath: string } | { kind: 'ssh-agent' };

/** The ssh2 fields for one auth method; exactly one of them is set. */
export type ResolvedSshAuth = Pick<ConnectConfig, 'password' | 'privateKey' | 'passphrase' | 'agent'>;

export interface ResolveAuthOptions {
  /** The password or key passphrase kept for this target, or null. */
  credential: () => Promise<string | null>;
  env?: NodeJS.ProcessEnv;
}

const authFailed = (message: string): SshConnectionError => new SshConnectionError('authFailed', message);

/** Read and check what an auth method needs now, so a wrong passphrase is named before any network. */
export async function resolveSshAuth(auth: SshAuth, options: ResolveAuthOptions): Promise<ResolvedSshAuth> {
  switch (auth.kind) {
    case 'password': {
      const password = await options.credential();
      if (!password) throw authFailed('No SSH password is stored for this VPS: enter it again.');
      return { password };
    }
    case 'ssh-agent': {
      const socket = (options.env ?? process.env).SSH_AUTH_SOCK;
      if (process.platform === 'win32') return { agent: 'pageant' };
      if (!socket)
        throw authFailed('No ssh-agent is running for this app (SSH_AUTH_SOCK is not set): start one and add your key.');
      return { agent: socket };
    }
    case 'key':
      return resolveKeyFile(auth.keyPath, options);
  }
}

async function resolveKeyFile(keyPath: string, options: ResolveAuthOptions): Promise<ResolvedSshAuth> {
  const file = keyPath.startsWith('~/') ? path.join(os.homedir(), keyPath.slice(2)) : keyPath;
  let privateKey: Buffer;
  try {
    privateKey = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'it cannot be read' : 'it cannot be read';
    throw authFailed(`The key file ${file} cannot be used: ${why}.`);
  }
  const plain = utils.parseKey(privateKey);
  if (!(plain instanceof Error)) return { privateKey };
  if (!/passphrase/i.test(plain.message)) {
    throw authFailed(`The key file ${file} is not a private key ssh can use (${plain.message}).`);
  }
  const passphrase = await options.credential();
  if (!passphrase) throw authFailed(`The key file ${file} is protected by a passphrase: enter it.`);
  if (utils.parseKey(privateKey, passphrase) instanceof Error) {
    throw authFailed(`The passphrase of the key file ${file} is wrong: enter it again.`);
  }
  return { privateKey, passphrase };
}
