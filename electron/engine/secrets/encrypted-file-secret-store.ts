import { engineMessage } from '@shared/messages/engine-message';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RpcError } from '@shared/contract/errors';
import type { SecretStore } from './secret-store';
import { keyCheckOf, loadSecretKey, type SecretKey } from './secret-key';

/** Bound into every ciphertext (GCM additional data): a blob made for something else never decrypts. */
const AAD = Buffer.from('livemanager-secrets:v1', 'utf8');

const Envelope = z.object({
  format: z.literal('livemanager-secrets'),
  version: z.literal(1),
  cipher: z.literal('aes-256-gcm'),
  /** A fingerprint of the key (not the key): tells "wrong key" apart from "modified file". */
  keyCheck: z.string(),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});
type Envelope = z.infer<typeof Envelope>;

const Entries = z.record(z.string(), z.string());
type Entries = z.infer<typeof Entries>;

/**
 * Secrets in one AES-256-GCM encrypted file, for machines with no keychain (the VPS agent, the web
 * host): the whole map is encrypted with a fresh IV on every write, so entries cannot be swapped or
 * cut out unnoticed. Writes are atomic (temp file, fsync, rename) and serialised; a modified or
 * truncated file, or the wrong key, is an UNAVAILABLE error saying so — never garbage.
 * The key comes from `secret-key.ts` (a 0600 file, or a systemd credential). See docs/agent.md.
 */
export class EncryptedFileSecretStore implements SecretStore {
  readonly kind = 'encrypted-file';
  readonly #file: string;
  readonly #key: SecretKey;
  #queue: Promise<unknown> = Promise.resolve();
  /**
   * The decrypted map as last read or written, with the file's identity then: reused while the
   * file is unchanged, so a set or get does not decrypt (and re-allocate) the whole file each time;
   * a file changed behind our back is read again (and checked again).
   */
  #cache: { stamp: string; entries: Entries } | undefined;
  readonly #pending: { change: (entries: Entries) => void; resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(options: { file: string; key: SecretKey }) {
    this.#file = options.file;
    this.#key = options.key;
  }

  get file(): string {
    return this.#file;
  }

  async get(id: string): Promise<string | null> {
    checkId(id);
    await this.#queue;
    return (await this.#read())[id] ?? null;
  }

  set(id: string, value: string): Promise<void> {
    checkId(id);
    return this.#update((entries) => {
      entries[id] = value;
    });
  }

  delete(id: string): Promise<void> {
    checkId(id);
    return this.#update((entries) => {
      delete entries[id];
    });
  }

  /** Read and decrypt once: a host calls this at start so a damaged file stops it with the reason. */
  async check(): Promise<{ entries: number }> {
    return { entries: Object.keys(await this.#read()).length };
  }

  async #read(): Promise<Entries> {
    const stamp = await this.#stamp();
    if (this.#cache && stamp !== null && this.#cache.stamp === stamp) return { ...this.#cache.entries };
    const entries = await this.#readFile();
    if (stamp !== null) this.#cache = { stamp, entries: { ...entries } };
    return entries;
  }

  /** The file's identity (inode, size, modification time), or null when there is none. */
  async #stamp(): Promise<string | null> {
    const info = await stat(this.#file, { bigint: true }).catch(() => null);
    return info ? `${info.ino}:${info.size}:${info.mtimeNs}` : null;
  }

  async #readFile(): Promise<Entries> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new RpcError('UNAVAILABLE', `Cannot read the secrets file ${this.#file}: ${(error as Error).message}`);
    }
    const envelope = parseEnvelope(text);
    if (!envelope) throw this.#damaged('it is not a LiveManager secrets file (or it was cut short)');
    if (envelope.keyCheck !== keyCheckOf(this.#key.bytes)) {
      throw new RpcError(
        'UNAVAILABLE',
        `The secrets file ${this.#file} was encrypted with another key than ${this.#key.origin}. ` +
          'Restore the key that goes with it, or delete the file and enter the stream keys and passwords again.',
      );
    }
    let plain: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key.bytes, Buffer.from(envelope.iv, 'base64'));
      decipher.setAAD(AAD);
      decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
      plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw this.#damaged('it was modified or damaged since it was written (its authentication tag does not match)');
    }
    const entries = Entries.safeParse(safeJson(plain));
    if (!entries.success) throw this.#damaged('its decrypted content is not a list of secrets');
    return entries.data;
  }

  /**
   * Changes made while a write is under way are applied together and written once (a live with
   * nine destinations sets nine keys at once): each caller's promise still resolves only once its
   * change is on disk, or rejects with the write's error.
   */
  #update(change: (entries: Entries) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ change, resolve, reject });
      if (this.#pending.length > 1) return; // a flush is already queued and will take it
      const run = this.#queue.then(async () => {
        const batch = this.#pending.splice(0);
        try {
          const entries = await this.#read();
          for (const item of batch) item.change(entries);
          await this.#write(entries);
          for (const item of batch) item.resolve();
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
      });
      this.#queue = run.catch(() => undefined); // one failed write must not block the next
    });
  }

  async #write(entries: Entries): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key.bytes, iv);
    cipher.setAAD(AAD);
    const data = Buffer.concat([cipher.update(JSON.stringify(entries), 'utf8'), cipher.final()]);
    const envelope: Envelope = {
      format: 'livemanager-secrets',
      version: 1,
      cipher: 'aes-256-gcm',
      keyCheck: keyCheckOf(this.#key.bytes),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    const dir = path.dirname(this.#file);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = `${this.#file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    // A crash at any point leaves either the old file or the new one, never half of one.
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(envelope) + '\n', 'utf8');
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    await rename(temp, this.#file);
    await syncDir(dir);
    const stamp = await this.#stamp();
    this.#cache = stamp === null ? undefined : { stamp, entries: { ...entries } };
  }

  #damaged(why: string): RpcError {
    return new RpcError(
      'UNAVAILABLE',
      `The secrets file ${this.#file} cannot be used: ${why}. Restore it from a backup together with its key, ` +
        'or delete it and enter the stream keys and passwords again.',
    );
  }
}

function checkId(id: string): void {
  if (!id || id.length > 200) throw RpcError.of('INVALID_PARAMS', engineMessage('secrets.badSecretId'));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseEnvelope(text: string): Envelope | null {
  const parsed = Envelope.safeParse(safeJson(text));
  return parsed.success ? parsed.data : null;
}

/** Make the rename itself durable (POSIX); directories cannot be opened for sync on Windows. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** File names in a data folder. */
export const SECRETS_FILE = 'secrets.enc';
export const SECRETS_KEY_FILE = 'secrets.key';

/**
 * The store of a data folder (`secrets.enc`), its key from systemd-creds or `secrets.key` (or
 * `keyFile`), checked once so a wrong key or a damaged file stops the host with the reason.
 */
export async function openEncryptedFileSecretStore(options: {
  dataDir: string;
  keyFile?: string | undefined;
  env?: NodeJS.ProcessEnv;
}): Promise<EncryptedFileSecretStore> {
  const file = path.join(options.dataDir, SECRETS_FILE);
  const key = await loadSecretKey({
    keyFile: options.keyFile ?? path.join(options.dataDir, SECRETS_KEY_FILE),
    secretsFile: file,
    ...(options.env ? { env: options.env } : {}),
  });
  const store = new EncryptedFileSecretStore({ file, key });
  await store.check();
  // A write killed before its rename leaves a temp file; one engine per data folder, so none is live.
  for (const name of await readdir(options.dataDir).catch(() => [])) {
    if (name.startsWith(`${SECRETS_FILE}.`) && name.endsWith('.tmp')) await rm(path.join(options.dataDir, name), { force: true });
  }
  return store;
}
