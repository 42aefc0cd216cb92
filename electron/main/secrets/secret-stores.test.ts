import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../engine/secrets/secret-store';
import { chooseSecretStore } from './choose-secret-store';
import { SafeStorageSecretStore } from './safe-storage-secret-store';

/** Stands in for Electron safeStorage: a reversible transform that never leaves the plain text. */
function fakeSafeStorage(backend: string, available = true) {
  return {
    backend,
    isEncryptionAvailable: () => available,
    encryptString: (plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (blob: Buffer) => Buffer.from(blob.map((b) => b ^ 0x5a)).toString('utf8'),
    getSelectedStorageBackend() {
      return this.backend as 'gnome_libsecret';
    },
  };
}

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function secretsFile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lm-safe-'));
  dirs.push(dir);
  return path.join(dir, 'userData', 'secrets.bin.json');
}

describe('SafeStorageSecretStore', () => {
  it('keeps only encrypted blobs on disk, readable by the owner only', async () => {
    const file = await secretsFile();
    const store = new SafeStorageSecretStore({ safeStorage: fakeSafeStorage('gnome_libsecret'), file, platform: 'linux' });
    await store.set('destination:twitch:stream-key', 'live_123456_abcdef');
    await store.set('agent:vps-1:ssh-password', 'hunter2-hunter2');
    expect(await store.get('destination:twitch:stream-key')).toBe('live_123456_abcdef');
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain('live_123456_abcdef');
    expect(onDisk).not.toContain('hunter2');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await store.delete('destination:twitch:stream-key');
    expect(await store.get('destination:twitch:stream-key')).toBeNull();
    expect(await store.get('agent:vps-1:ssh-password')).toBe('hunter2-hunter2');
  });

  it('loses no entry when writes overlap', async () => {
    const store = new SafeStorageSecretStore({
      safeStorage: fakeSafeStorage('kwallet5'),
      file: await secretsFile(),
      platform: 'linux',
    });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`key-${i}`, `value-${i}`)));
    for (let i = 0; i < 20; i++) expect(await store.get(`key-${i}`)).toBe(`value-${i}`);
  });

  it('refuses Linux basic_text unless the user opted in', async () => {
    const file = await secretsFile();
    expect(() => new SafeStorageSecretStore({ safeStorage: fakeSafeStorage('basic_text'), file, platform: 'linux' })).toThrow(
      expect.objectContaining({ code: 'UNAVAILABLE', message: expect.stringContaining('allow unprotected storage') }),
    );
    const optedIn = new SafeStorageSecretStore({
      safeStorage: fakeSafeStorage('basic_text'),
      file,
      platform: 'linux',
      allowBasicText: true,
    });
    await optedIn.set('k', 'v');
    expect(await optedIn.get('k')).toBe('v');
  });

  it('refuses when the OS offers no encryption at all', async () => {
    const safeStorage = fakeSafeStorage('gnome_libsecret', false);
    expect(() => new SafeStorageSecretStore({ safeStorage, file: 'x', platform: 'darwin' })).toThrow(
      expect.objectContaining({ code: 'UNAVAILABLE' }),
    );
  });

  it('notices when the Linux backend changed and refuses to read old blobs', async () => {
    const file = await secretsFile();
    const safeStorage = fakeSafeStorage('gnome_libsecret');
    const store = new SafeStorageSecretStore({ safeStorage, file, platform: 'linux' });
    await store.set('k', 'v');
    safeStorage.backend = 'kwallet5';
    await expect(store.get('k')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('"gnome_libsecret"'),
    });
  });
});

describe('chooseSecretStore', () => {
  it('uses the keychain when it answers, else safeStorage', async () => {
    const keychain = Object.assign(new MemorySecretStore(), { isAvailable: () => Promise.resolve(true) });
    const fallback = new MemorySecretStore();
    expect(await chooseSecretStore({ keychain, safeStorage: () => fallback })).toEqual({ store: keychain, backend: 'keychain' });
    const locked = Object.assign(new MemorySecretStore(), { isAvailable: () => Promise.resolve(false) });
    expect(await chooseSecretStore({ keychain: locked, safeStorage: () => fallback })).toEqual({
      store: fallback,
      backend: 'safe-storage',
    });
  });
});
