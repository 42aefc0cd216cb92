import { engineMessage } from '@shared/messages/engine-message';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { RpcError } from '@shared/contract/errors';

/** The name of the systemd credential that holds the key (`LoadCredentialEncrypted=` in the unit). */
export const SECRET_KEY_CREDENTIAL = 'livemanager-secrets-key';

/** The 256-bit key of an EncryptedFileSecretStore, and where it came from (for messages). */
export interface SecretKey {
  readonly bytes: Buffer;
  readonly source: 'file' | 'credential';
  /** In words: "the key file /…/secrets.key" or "the systemd credential livemanager-secrets-key". */
  readonly origin: string;
}

export interface LoadSecretKeyOptions {
  /** The key file, created (0600) when neither it nor the secrets file exists yet. */
  keyFile: string;
  /** The file it protects: if that exists, a missing key is an error, never a fresh key. */
  secretsFile: string;
  /** `CREDENTIALS_DIRECTORY` is read from here (systemd sets it for units with credentials). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Find the key: a systemd credential when the service was given one (decrypted by systemd from
 * the host key or TPM, never on disk in clear), else the key file. The key file must be private
 * to its owner (like ssh refuses a world-readable private key).
 */
export async function loadSecretKey(options: LoadSecretKeyOptions): Promise<SecretKey> {
  const credentials = (options.env ?? process.env).CREDENTIALS_DIRECTORY;
  const credential = credentials ? path.join(credentials, SECRET_KEY_CREDENTIAL) : null;
  if (credential && existsSync(credential)) {
    const origin = `the systemd credential ${SECRET_KEY_CREDENTIAL}`;
    return { bytes: decodeKey(await readFile(credential), origin), source: 'credential', origin };
  }
  const origin = `the key file ${options.keyFile}`;
  let raw: Buffer;
  try {
    raw = await readFile(options.keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new RpcError('UNAVAILABLE', `Cannot read ${origin}: ${(error as Error).message}`);
    }
    if (existsSync(options.secretsFile)) {
      throw RpcError.of(
        'UNAVAILABLE',
        engineMessage('secrets.keyMissing', { secretsFile: options.secretsFile, keyFile: options.keyFile }),
      );
    }
    raw = await createKeyFile(options.keyFile);
  }
  await assertPrivate(options.keyFile);
  return { bytes: decodeKey(raw, origin), source: 'file', origin };
}

/** A fingerprint that identifies the key without revealing anything about it. */
export function keyCheckOf(key: Buffer): string {
  return createHmac('sha256', key).update('livemanager-secrets key check').digest('hex').slice(0, 16);
}

/** 32 bytes, given as base64 or hex text (what `openssl rand` prints) or raw. */
function decodeKey(raw: Buffer, origin: string): Buffer {
  const text = raw.toString('utf8').trim();
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const decoded = Buffer.from(text, 'base64');
    if (decoded.length === 32) return decoded;
  }
  if (raw.length === 32) return raw;
  throw new RpcError(
    'UNAVAILABLE',
    `${capitalise(origin)} is not a 256-bit key (expected 32 bytes, as base64 or hex text, e.g. from \`openssl rand -base64 32\`).`,
  );
}

async function createKeyFile(file: string): Promise<Buffer> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = Buffer.from(randomBytes(32).toString('base64') + '\n', 'utf8');
  try {
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return text;
  } catch (error) {
    // Another process created it a moment ago: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFile(file);
    throw error;
  }
}

async function assertPrivate(file: string): Promise<void> {
  if (process.platform === 'win32') return; // NTFS ACLs, not mode bits: the user profile protects it
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw RpcError.of('UNAVAILABLE', engineMessage('secrets.keyFileReadable', { file, mode: mode.toString(8).padStart(4, '0') }));
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
