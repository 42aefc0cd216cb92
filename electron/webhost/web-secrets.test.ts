import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SecretStore } from '../engine/secrets/secret-store';
import { defaultWebDataDir } from './web-data-dir';
import { keychainServiceOf, openWebSecrets } from './web-secrets';

/** Stands in for the OS keychain (the real one is tested in tests/keychain): answers or not. */
function keychain(answers: boolean): SecretStore & { isAvailable(): Promise<boolean> } {
  const values = new Map<string, string>();
  return {
    kind: 'keychain',
    isAvailable: () => Promise.resolve(answers),
    get: (id) => Promise.resolve(values.get(id) ?? null),
    set: (id, value) => Promise.resolve(void values.set(id, value)),
    delete: (id) => Promise.resolve(void values.delete(id)),
  };
}

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lm-web-secrets-'));
  dirs.push(dir);
  return dir;
}
const marker = (dir: string) => readFile(path.join(dir, 'secret-storage'), 'utf8');

describe('the web host keeps secrets where they will be found again', () => {
  it('uses the OS keychain when it answers, and remembers that choice', async () => {
    const dir = await dataDir();
    const store = await openWebSecrets({ dataDir: dir, choice: 'auto', keychain: () => Promise.resolve(keychain(true)) });
    expect(store.kind).toBe('keychain');
    expect(await marker(dir)).toBe('keychain\n');
    expect(existsSync(path.join(dir, 'secrets.enc'))).toBe(false);
    // Later, the keychain does not answer: say so rather than silently using an empty file.
    await expect(
      openWebSecrets({ dataDir: dir, choice: 'auto', keychain: () => Promise.resolve(keychain(false)) }),
    ).rejects.toThrow(
      `The stream keys of ${dir} are in the OS keychain, but no OS keychain answers: unlock or start your keyring, or start with --secrets file.`,
    );
  });

  it('falls back to the encrypted file when no keychain answers, and keeps to it', async () => {
    const dir = await dataDir();
    const first = await openWebSecrets({ dataDir: dir, choice: 'auto', keychain: () => Promise.resolve(keychain(false)) });
    expect(first.kind).toBe('encrypted-file');
    await first.set('stream-key/a', 'live_abc_123456789');
    expect(await marker(dir)).toBe('encrypted-file\n');
    // A keychain appearing later does not hide the keys already in the file.
    const again = await openWebSecrets({ dataDir: dir, choice: 'auto', keychain: () => Promise.resolve(keychain(true)) });
    expect(again.kind).toBe('encrypted-file');
    expect(await again.get('stream-key/a')).toBe('live_abc_123456789');
  });

  it('honours --secrets file and --secrets keychain', async () => {
    const dir = await dataDir();
    expect((await openWebSecrets({ dataDir: dir, choice: 'file', keychain: () => Promise.resolve(keychain(true)) })).kind).toBe(
      'encrypted-file',
    );
    await expect(
      openWebSecrets({ dataDir: await dataDir(), choice: 'keychain', keychain: () => Promise.resolve(null) }),
    ).rejects.toThrow(/^--secrets keychain was asked for, but no OS keychain answers/);
  });

  it('gives each data folder its own keychain service', () => {
    expect(keychainServiceOf('/a')).toMatch(/^LiveManager web [0-9a-f]{12}$/);
    expect(keychainServiceOf('/a')).not.toBe(keychainServiceOf('/b'));
  });

  it('ignores a marker it does not know', async () => {
    const dir = await dataDir();
    await writeFile(path.join(dir, 'secret-storage'), 'floppy\n');
    expect((await openWebSecrets({ dataDir: dir, choice: 'auto' })).kind).toBe('encrypted-file');
  });
});

describe('the web host data folder', () => {
  it('is per user and persistent on each OS (XDG on Linux)', () => {
    expect(defaultWebDataDir({}, 'linux', '/home/ana')).toBe('/home/ana/.local/share/livemanager-web');
    expect(defaultWebDataDir({ XDG_DATA_HOME: '/data/ana' }, 'linux', '/home/ana')).toBe('/data/ana/livemanager-web');
    expect(defaultWebDataDir({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/ana')).toBe('/home/ana/.local/share/livemanager-web');
    expect(defaultWebDataDir({}, 'darwin', '/Users/ana')).toBe('/Users/ana/Library/Application Support/LiveManager Web');
    expect(defaultWebDataDir({ LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' }, 'win32', 'C:\\Users\\ana')).toBe(
      'C:\\Users\\ana\\AppData\\Local\\LiveManager Web',
    );
  });
});
