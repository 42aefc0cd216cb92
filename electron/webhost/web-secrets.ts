import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStorage } from '@shared/contract/system';
import { openEncryptedFileSecretStore, SECRETS_FILE } from '../engine/secrets/encrypted-file-secret-store';
import type { SecretStore } from '../engine/secrets/secret-store';

export type SecretsChoice = 'auto' | 'keychain' | 'file';
export const SECRETS_CHOICES: readonly SecretsChoice[] = ['auto', 'keychain', 'file'];

/** Remembers where this data folder's secrets went, so a later start looks in the same place. */
const MARKER = 'secret-storage';

type Keychain = SecretStore & { isAvailable(): Promise<boolean> };

export interface WebSecretsOptions {
  dataDir: string;
  choice: SecretsChoice;
  /** The OS keychain for this data folder; absent where it cannot load (no prebuilt add-on). */
  keychain?: () => Promise<Keychain | null>;
  env?: NodeJS.ProcessEnv;
}

/**
 * The web host's secrets: the OS keychain when one answers, else the encrypted file store the VPS
 * agent uses (secrets.enc + its 0600 key in the data folder). The first start picks and records
 * it; later starts keep to it, so stream keys are never looked for in the wrong place.
 */
export async function openWebSecrets(options: WebSecretsOptions): Promise<SecretStore> {
  const recorded = await readMarker(options.dataDir);
  const file = async (): Promise<SecretStore> => {
    const store = await openEncryptedFileSecretStore({ dataDir: options.dataDir, ...(options.env ? { env: options.env } : {}) });
    await writeMarker(options.dataDir, store.kind);
    return store;
  };
  const keychain = async (why: string): Promise<SecretStore> => {
    const store = await options.keychain?.();
    if (!store || !(await store.isAvailable())) {
      throw new Error(`${why}, but no OS keychain answers: unlock or start your keyring, or start with --secrets file.`);
    }
    await writeMarker(options.dataDir, store.kind);
    return store;
  };
  if (options.choice === 'file') return file();
  if (options.choice === 'keychain') return keychain('--secrets keychain was asked for');
  if (recorded === 'keychain') return keychain(`The stream keys of ${options.dataDir} are in the OS keychain`);
  if (recorded === 'encrypted-file' || existsSync(path.join(options.dataDir, SECRETS_FILE))) return file();
  const probe = await options.keychain?.().catch(() => null);
  if (probe && (await probe.isAvailable())) {
    await writeMarker(options.dataDir, probe.kind);
    return probe;
  }
  return file();
}

/** One keychain service per data folder: two web hosts never share an SMTP password entry. */
export function keychainServiceOf(dataDir: string): string {
  return `LiveManager web ${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12)}`;
}

async function readMarker(dataDir: string): Promise<SecretStorage | null> {
  const text = await readFile(path.join(dataDir, MARKER), 'utf8').catch(() => null);
  const kind = text?.trim();
  return kind === 'keychain' || kind === 'encrypted-file' ? kind : null;
}

async function writeMarker(dataDir: string, kind: SecretStorage): Promise<void> {
  if ((await readMarker(dataDir)) !== kind) await writeFile(path.join(dataDir, MARKER), `${kind}\n`, { mode: 0o600 });
}
