import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcError } from '@shared/contract/errors';
import { bundleNodeScript } from '../../../tests/support/bundle-node-script';
import {
  openEncryptedFileSecretStore,
  type EncryptedFileSecretStore,
  SECRETS_FILE,
  SECRETS_KEY_FILE,
} from './encrypted-file-secret-store';
import { SECRET_KEY_CREDENTIAL } from './secret-key';

const STREAM_KEY = 'live_8421_AbCdEfGhIjKlMnOpQrSt';
const SMTP_PASSWORD = 'correct horse battery staple';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lm-secrets-'));
  dirs.push(dir);
  return dir;
}
/** An engine's store, opened as a fresh process would (no systemd credential). */
const open = (dataDir: string, keyFile?: string): Promise<EncryptedFileSecretStore> =>
  openEncryptedFileSecretStore({ dataDir, keyFile, env: {} });

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    return error as RpcError;
  }
  throw new Error('expected a rejection');
}

/** Rewrite one field of the JSON envelope on disk. */
async function tamper(file: string, change: (envelope: Record<string, string>) => void): Promise<void> {
  const envelope = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  change(envelope);
  await writeFile(file, JSON.stringify(envelope));
}

describe('EncryptedFileSecretStore', () => {
  it('keeps secrets across reopening (a restart), encrypted, in 0600 files', async () => {
    const dataDir = await tempDir();
    const first = await open(dataDir);
    expect(first.kind).toBe('encrypted-file');
    await first.set('stream-key/live-1/dest-1/a', STREAM_KEY);
    await first.set('smtp-password', SMTP_PASSWORD);
    await first.set('gone', 'soon');
    await first.delete('gone');

    const second = await open(dataDir);
    expect(await second.get('stream-key/live-1/dest-1/a')).toBe(STREAM_KEY);
    expect(await second.get('smtp-password')).toBe(SMTP_PASSWORD);
    expect(await second.get('gone')).toBeNull();
    expect(await second.check()).toEqual({ entries: 2 });

    const onDisk = await readFile(path.join(dataDir, SECRETS_FILE));
    for (const secret of [STREAM_KEY, SMTP_PASSWORD, 'stream-key/live-1']) {
      expect(onDisk.includes(Buffer.from(secret))).toBe(false);
      expect(onDisk.includes(Buffer.from(Buffer.from(secret).toString('base64').slice(0, 12)))).toBe(false);
    }
    for (const name of [SECRETS_FILE, SECRETS_KEY_FILE]) {
      expect((await stat(path.join(dataDir, name))).mode & 0o777, name).toBe(0o600);
    }
  });

  it('uses a fresh IV for every write', async () => {
    const dataDir = await tempDir();
    const store = await open(dataDir);
    const ivs = new Set<string>();
    for (let i = 0; i < 5; i++) {
      await store.set('k', 'same value');
      ivs.add((JSON.parse(await readFile(store.file, 'utf8')) as { iv: string }).iv);
    }
    expect(ivs.size).toBe(5);
  });

  it('refuses a modified file with a clear error instead of returning garbage', async () => {
    const dataDir = await tempDir();
    await (await open(dataDir)).set('stream-key/x', STREAM_KEY);
    const file = path.join(dataDir, SECRETS_FILE);
    await tamper(file, (e) => {
      const data = Buffer.from(e.data ?? '', 'base64');
      data[3] = (data[3] ?? 0) ^ 0x01; // one bit of the ciphertext
      e.data = data.toString('base64');
    });
    const error = await rejection(open(dataDir));
    expect(error).toBeInstanceOf(RpcError);
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe(
      `The secrets file ${file} cannot be used: it was modified or damaged since it was written (its authentication tag does not match). ` +
        'Restore it from a backup together with its key, or delete it and enter the stream keys and passwords again.',
    );
    expect(error.message).not.toContain(STREAM_KEY);

    // The tag itself, and a truncated file, are caught the same way.
    await tamper(file, (e) => (e.tag = Buffer.alloc(16).toString('base64')));
    expect((await rejection(open(dataDir))).message).toMatch(/modified or damaged/);
    await writeFile(file, (await readFile(file, 'utf8')).slice(0, 40));
    expect((await rejection(open(dataDir))).message).toMatch(/not a LiveManager secrets file \(or it was cut short\)/);
  });

  it('says when the file was written with another key', async () => {
    const dataDir = await tempDir();
    await (await open(dataDir)).set('k', STREAM_KEY);
    const otherKey = path.join(await tempDir(), 'other.key');
    await writeFile(otherKey, randomBytes(32).toString('base64'), { mode: 0o600 });
    const error = await rejection(open(dataDir, otherKey));
    expect(error.message).toBe(
      `The secrets file ${path.join(dataDir, SECRETS_FILE)} was encrypted with another key than the key file ${otherKey}. ` +
        'Restore the key that goes with it, or delete the file and enter the stream keys and passwords again.',
    );
  });

  it('never makes a new key for existing secrets, and refuses a key others can read', async () => {
    const dataDir = await tempDir();
    await (await open(dataDir)).set('k', STREAM_KEY);
    const keyFile = path.join(dataDir, SECRETS_KEY_FILE);
    const key = await readFile(keyFile);
    await rm(keyFile);
    expect((await rejection(open(dataDir))).message).toMatch(/exists but its key .*secrets\.key is missing\. Restore the key/);
    await expect(stat(keyFile)).rejects.toThrow(/ENOENT/);

    await writeFile(keyFile, key, { mode: 0o600 });
    await chmod(keyFile, 0o644);
    expect((await rejection(open(dataDir))).message).toBe(
      `The key file ${keyFile} can be read by other users (mode 0644): run \`chmod 600 ${keyFile}\`.`,
    );
    await chmod(keyFile, 0o600);
    expect(await (await open(dataDir)).get('k')).toBe(STREAM_KEY);

    await writeFile(keyFile, 'not a key', { mode: 0o600 });
    expect((await rejection(open(dataDir))).message).toMatch(/^The key file .* is not a 256-bit key/);
  });

  it('takes its key from the systemd credential when the service has one, and writes no key file', async () => {
    const dataDir = await tempDir();
    const credentials = await tempDir();
    await writeFile(path.join(credentials, SECRET_KEY_CREDENTIAL), randomBytes(32).toString('hex') + '\n', { mode: 0o400 });
    const env = { CREDENTIALS_DIRECTORY: credentials };
    const store = await openEncryptedFileSecretStore({ dataDir, env });
    await store.set('k', STREAM_KEY);
    expect(await (await openEncryptedFileSecretStore({ dataDir, env })).get('k')).toBe(STREAM_KEY);
    await expect(stat(path.join(dataDir, SECRETS_KEY_FILE))).rejects.toThrow(/ENOENT/);
    // Without the credential the secrets are unreadable, and it says so.
    expect((await rejection(open(dataDir))).message).toMatch(/exists but its key .* is missing/);
  });

  it('loses no entry when many writes race, and leaves no temporary files', async () => {
    const dataDir = await tempDir();
    const store = await open(dataDir);
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.set(`key-${i}`, `value-${i}`)));
    const again = await open(dataDir);
    for (let i = 0; i < 40; i++) expect(await again.get(`key-${i}`)).toBe(`value-${i}`);
    expect((await readdir(dataDir)).sort()).toEqual([SECRETS_FILE, SECRETS_KEY_FILE]);
  });

  it('is still readable after its writer is SIGKILLed in the middle of writing', async () => {
    const dataDir = await tempDir();
    const script = await bundleNodeScript(path.resolve(import.meta.dirname, '../../../tests/support/secret-writer.ts'));
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, [script, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // Kill it a random number of writes in, while it keeps writing.
      const target = 20 + Math.floor(Math.random() * 40);
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes(`WROTE ${target}\n`)) resolve();
        });
        child.once('exit', (code) => reject(new Error(`writer exited (${code}): ${stderr}`)));
      });
      child.kill('SIGKILL');
      await exited;
      const store = await open(dataDir);
      expect((await store.check()).entries).toBeGreaterThanOrEqual(Math.min(target, 200) - 1);
      // Opening clears the temporary file a killed write may have left.
      expect((await readdir(dataDir)).sort()).toEqual([SECRETS_FILE, SECRETS_KEY_FILE]);
    }
  }, 60_000);
});
