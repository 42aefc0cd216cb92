import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../engine/secrets/secret-store';
import { createSshTarget } from './create-ssh-target';

const record = {
  id: 'vps-paris',
  label: 'Paris',
  host: 'paris.example.net',
  port: 2222,
  user: 'streamer',
  auth: { kind: 'ssh-agent' } as const,
  hostKeySha256: 'SHA256:pIm8BhuVyqdqgWNb6HlwAdYET774K9PNcJsNQFHtc+g',
};

describe('createSshTarget', () => {
  it('builds an idle target from a stored record, without touching the network', async () => {
    const target = createSshTarget(record, { secrets: new MemorySecretStore(), appVersion: '1.2.3' });
    expect(target.id).toBe('vps-paris');
    expect(target.state()).toEqual({ kind: 'idle' });
    expect(target.connection.endpoint).toBe('streamer@paris.example.net:2222');
    expect(target.asTarget()).toMatchObject({ id: 'vps-paris', label: 'Paris' });
    await target.close();
  });

  it('refuses a record whose host key was never confirmed, or is malformed', () => {
    const services = { secrets: new MemorySecretStore(), appVersion: '1.2.3' };
    expect(() => createSshTarget({ ...record, hostKeySha256: null }, services)).toThrow(/no confirmed host key/);
    expect(() => createSshTarget({ ...record, hostKeySha256: 'MD5:00' }, services)).toThrow(/looks like SHA256:/);
  });
});
