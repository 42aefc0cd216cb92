import { readFile } from 'node:fs/promises';
import { KeyObject } from 'node:crypto';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reuseCipherKey } from '../../electron/main/targets/ssh/ssh-throughput';
import { sshdAvailable, startSshd, type SshdPeer } from '../support/sshd';

// reuseCipherKey reaches into ssh2's private fields: this fails when an ssh2 upgrade moves them,
// so the upload speed-up (docs/performance.md) is not lost silently.
describe.skipIf(!sshdAvailable())('ssh2 cipher key reuse', { timeout: 30_000 }, () => {
  let sshd: SshdPeer;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.close();
  });

  it('finds the AES-GCM key of a live ssh2 connection and makes it a KeyObject', async () => {
    const client = new Client();
    const ready = new Promise<void>((resolve, reject) => {
      client.once('ready', resolve);
      client.once('error', reject);
    });
    client.connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey: await readFile(sshd.clientKeyPath),
      hostVerifier: () => true,
    });
    await ready;
    try {
      expect(reuseCipherKey(client)).toBe(true);
      const key = (client as unknown as { _protocol: { _cipher: { _encKey: unknown } } })._protocol._cipher._encKey;
      expect(key).toBeInstanceOf(KeyObject);
      // And the connection still works with it.
      const output = await new Promise<string>((resolve, reject) =>
        client.exec('echo still-encrypting', (error, channel) => {
          if (error) return reject(error);
          let text = '';
          channel.on('data', (d: Buffer) => (text += d.toString()));
          channel.on('close', () => resolve(text));
        }),
      );
      expect(output).toBe('still-encrypting\n');
    } finally {
      client.end();
    }
  });
});
