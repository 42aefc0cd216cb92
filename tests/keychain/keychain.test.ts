import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

interface ProbeReport {
  available: boolean;
  readBack: string | null;
  inSecretService: string | null;
  plaintextFiles: string[];
  afterDelete: string | null;
  inSecretServiceAfterDelete: string | null;
  missing: string | null;
  value: string;
}

// A real Secret Service: a private D-Bus session and GNOME Keyring with its own HOME, so the test
// never touches the developer's keyring. CI installs dbus, gnome-keyring and libsecret-tools.
describe('KeychainSecretStore against GNOME Keyring', () => {
  let home: string;
  let report: ProbeReport;

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'lm-keyring-'));
    const probe = path.join(import.meta.dirname, 'keychain-probe.ts');
    const { stdout } = await run('dbus-run-session', ['--', process.execPath, probe], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        XDG_DATA_HOME: path.join(home, 'data'),
        XDG_RUNTIME_DIR: home,
        LANG: 'C.UTF-8',
      },
      timeout: 60_000,
    });
    const line = stdout.trim().split('\n').at(-1) ?? '';
    report = JSON.parse(line) as ProbeReport;
  }, 90_000);

  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('detects the keychain as available', () => {
    expect(report.available).toBe(true);
  });

  it('reads back what it stored, and null for a secret never stored', () => {
    expect(report.readBack).toBe(report.value);
    expect(report.missing).toBeNull();
  });

  it('stores the value in the Secret Service (seen by secret-tool), not in a plain file', () => {
    expect(report.inSecretService).toBe(report.value);
    expect(report.plaintextFiles).toEqual([]);
  });

  it('deletes it from the Secret Service', () => {
    expect(report.afterDelete).toBeNull();
    expect(report.inSecretServiceAfterDelete).toBeNull();
  });
});
