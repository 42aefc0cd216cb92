import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemorySecretStore } from '../../engine/secrets/secret-store';
import { migrateSettings } from './settings-migrations';
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from './settings-schema';
import { jsonSchemaProperties, openSettings } from './settings-store';

// electron-store needs only an absolute cwd when Electron's app is absent.
vi.mock('electron', () => ({ default: {} }));

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function settingsDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lm-settings-'));
  dirs.push(dir);
  return dir;
}

const smtp = { host: 'smtp.example.com', port: 587, security: 'starttls', from: 'live@example.com' } as const;
const agent = { id: 'vps-paris', label: 'Paris VPS', host: '203.0.113.7', username: 'stream', auth: 'password' } as const;

describe('settings store', () => {
  it('starts from defaults and persists a valid change', async () => {
    const dir = await settingsDir();
    const settings = await openSettings({ dir, secrets: new MemorySecretStore() });
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    settings.update({
      language: 'fr',
      closeToTray: false,
      startAtLogin: true,
      ffmpegPath: '/opt/ffmpeg/bin',
      smtp,
      agents: [agent],
    });
    const reopened = await openSettings({ dir, secrets: new MemorySecretStore() });
    expect(reopened.get()).toMatchObject({
      language: 'fr',
      closeToTray: false,
      startAtLogin: true,
      agents: [{ id: 'vps-paris', port: 22 }],
    });
  });

  it('changes only the fields a patch names: the others keep their value, not their default', async () => {
    const dir = await settingsDir();
    const settings = await openSettings({ dir, secrets: new MemorySecretStore() });
    settings.update({ language: 'fr', closeToTray: false });
    settings.update({ agents: [agent] });
    settings.update({ theme: 'dark' });
    expect(settings.get()).toMatchObject({ language: 'fr', closeToTray: false, theme: 'dark', agents: [{ id: 'vps-paris' }] });
  });

  it('refuses any secret value: stream keys, SMTP and SSH passwords, tokens — nothing is written', async () => {
    const dir = await settingsDir();
    const settings = await openSettings({ dir, secrets: new MemorySecretStore() });
    const attempts: unknown[] = [
      { smtp: { ...smtp, password: 'smtp-pass-123' } },
      { agents: [{ ...agent, password: 'ssh-pass-123' }] },
      { agents: [{ ...agent, passphrase: 'ssh-pass-123' }] },
      { agents: [{ ...agent, sessionToken: 'tok-pass-123' }] },
      { agents: [{ ...agent, credentialRef: 'ssh-pass-123' }] },
      { streamKey: 'live_pass_123' },
      { destinations: [{ streamKey: 'live_pass_123' }] },
    ];
    for (const patch of attempts)
      expect(() => settings.update(patch)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    const onDisk = await readFile(settings.file, 'utf8').catch(() => '');
    expect(onDisk).not.toMatch(/pass-123|pass_123/);
    expect(JSON.stringify(settings.get())).not.toMatch(/pass-123|pass_123/);
  });

  it('declares no field that could hold a secret, only references', () => {
    const names: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      const properties = (node as { properties?: Record<string, unknown> }).properties;
      if (properties) names.push(...Object.keys(properties));
      Object.values(node).forEach(walk);
    };
    walk(jsonSchemaProperties());
    const secretLike = names.filter((n) => /password|passphrase|stream.?key|token|secret|credential/i.test(n));
    expect(secretLike.every((n) => n.endsWith('Ref') || n === 'allowUnprotectedSecrets')).toBe(true);
    expect(secretLike).toContain('passwordRef');
  });

  it('migrates an old file: secrets move to the keychain, references stay, the file is rewritten', async () => {
    const dir = await settingsDir();
    await writeFile(
      path.join(dir, 'settings.json'),
      JSON.stringify({
        minimizeToTray: false,
        notifications: false,
        smtpPassword: 'old-smtp-secret',
        smtp,
        agents: [{ ...agent, password: 'old-ssh-secret' }],
      }),
    );
    const secrets = new MemorySecretStore();
    const settings = await openSettings({ dir, secrets });
    expect(settings.get()).toMatchObject({
      schemaVersion: SETTINGS_VERSION,
      closeToTray: false,
      notifications: { desktop: false, liveFailed: false },
      smtp: { passwordRef: 'secret:smtp:password' },
      agents: [{ credentialRef: 'secret:agent:vps-paris:credential' }],
    });
    expect(await secrets.get('smtp:password')).toBe('old-smtp-secret');
    expect(await secrets.get('agent:vps-paris:credential')).toBe('old-ssh-secret');
    expect(await readFile(settings.file, 'utf8')).not.toContain('old-');
  });

  it('keeps an unreadable file aside and starts from defaults', async () => {
    const dir = await settingsDir();
    await writeFile(path.join(dir, 'settings.json'), '{ not json');
    const logs: string[] = [];
    const settings = await openSettings({ dir, secrets: new MemorySecretStore(), log: (m) => logs.push(m) });
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    expect((await readdir(dir)).some((f) => f.startsWith('settings.json.invalid-'))).toBe(true);
    expect(logs.join()).toContain('kept it as');
  });

  it('refuses a file written by a newer version', () => {
    expect(() => migrateSettings({ schemaVersion: SETTINGS_VERSION + 1 })).toThrow(/newer LiveManager/);
  });
});
