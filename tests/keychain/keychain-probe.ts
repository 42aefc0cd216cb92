// Runs inside `dbus-run-session`: starts a private GNOME Keyring, then stores, reads and deletes
// a secret through KeychainSecretStore, and cross-checks each step with `secret-tool`.
// Prints one JSON line on stdout. Plain Node (type stripping), no Electron.
import { execFile, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { KEYCHAIN_SERVICE, KeychainSecretStore } from '../../electron/main/secrets/keychain-secret-store.ts';

const run = promisify(execFile);
const home = process.env.HOME ?? '';

/**
 * `--unlock` reads the login password on stdin. Kept in the foreground so the probe can stop it:
 * a daemonized keyring outlives the D-Bus session. Ready once the Secret Service answers.
 */
async function startKeyring(store: KeychainSecretStore): Promise<() => void> {
  const daemon = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  daemon.stdin.end('test-login-password');
  const stop = (): void => void daemon.kill('SIGTERM');
  const deadline = Date.now() + 30_000;
  // Ask the bus without activating: a call to org.freedesktop.secrets before our daemon owns the
  // name would make D-Bus start a second, locked keyring that wins the name.
  while (!(await secretServiceHasOwner()) || !(await store.isAvailable())) {
    if (daemon.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error('GNOME Keyring did not start answering on the session bus.');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return stop;
}

async function secretServiceHasOwner(): Promise<boolean> {
  const { stdout } = await run('dbus-send', [
    '--session',
    '--print-reply',
    '--dest=org.freedesktop.DBus',
    '/org/freedesktop/DBus',
    'org.freedesktop.DBus.NameHasOwner',
    'string:org.freedesktop.secrets',
  ]);
  return /boolean true/.test(stdout);
}

async function secretToolLookup(id: string): Promise<string | null> {
  try {
    const { stdout } = await run('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'username', id]);
    return stdout;
  } catch {
    return null; // exit code 1: no such item
  }
}

async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await readFile(file)).includes(needle)) hits.push(file);
  }
  return hits;
}

const store = new KeychainSecretStore();
const stop = await startKeyring(store);
try {
  const id = 'destination:yt-primary:stream-key';
  const value = `xkey-${process.pid}-a1b2-c3d4-e5f6`;
  const available = await store.isAvailable();
  await store.set(id, value);
  const readBack = await store.get(id);
  const inSecretService = await secretToolLookup(id);
  const plaintextFiles = await filesContaining(home, value);
  await store.delete(id);
  const afterDelete = await store.get(id);
  const inSecretServiceAfterDelete = await secretToolLookup(id);
  const missing = await store.get('destination:never-stored');
  process.stdout.write(
    JSON.stringify({
      available,
      readBack,
      inSecretService,
      plaintextFiles,
      afterDelete,
      inSecretServiceAfterDelete,
      missing,
      value,
    }) + '\n',
  );
} finally {
  stop();
}
