import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSshAuth } from '../../electron/main/targets/ssh/ssh-auth';
import { HostKeyChangedError } from '../../electron/main/targets/ssh/ssh-errors';
import { openSshSession, probeHostKey } from '../../electron/main/targets/ssh/ssh-session';
import { waitFor } from '../support/wait-for';
import { sshdAvailable, startSshd, type SshdPeer } from '../support/sshd';

const PASSWORD = 'a test root password 7f3e';

// Host key pinning against a real OpenSSH server: the first connection shows the fingerprint
// OpenSSH itself prints; a changed key ends the handshake before any credential leaves the app.
describe.skipIf(!sshdAvailable())('SSH host key pinning', { timeout: 60_000 }, () => {
  let sshd: SshdPeer;
  beforeAll(async () => {
    sshd = await startSshd({ password: PASSWORD });
  });
  afterAll(async () => {
    await sshd?.close();
  });

  const credential = () => Promise.resolve(PASSWORD);

  it('shows the host key fingerprint exactly as ssh-keygen -lf prints it, without signing in', async () => {
    const before = (await sshd.log()).length;
    const probed = await probeHostKey({ host: sshd.host, port: sshd.port });
    expect(probed).toEqual({ fingerprint: await sshd.hostKeyFingerprint(), keyType: 'ssh-ed25519' });
    expect(probed.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect((await sshd.log()).slice(before)).not.toMatch(/userauth-request/);
  });

  it('signs in once the fingerprint is pinned (key file, then password)', async () => {
    const hostKeySha256 = await sshd.hostKeyFingerprint();
    const endpoint = { host: sshd.host, port: sshd.port, user: sshd.user, hostKeySha256 };
    const byKey = await openSshSession({
      ...endpoint,
      auth: await resolveSshAuth({ kind: 'key', keyPath: sshd.clientKeyPath }, { credential: () => Promise.resolve(null) }),
    });
    expect((await byKey.run('printf %s "$HOME"')).stdout).toBe(sshd.home);
    byKey.close();
    const byPassword = await openSshSession({ ...endpoint, auth: await resolveSshAuth({ kind: 'password' }, { credential }) });
    expect((await byPassword.run('echo ok')).stdout).toBe('ok\n');
    byPassword.close();
  });

  it('refuses a changed host key with a clear warning, and sends nothing: not even an auth request', async () => {
    const pinned = await sshd.hostKeyFingerprint();
    await sshd.restart({ newHostKey: true });
    const presented = await sshd.hostKeyFingerprint();
    expect(presented).not.toBe(pinned);
    const before = (await sshd.log()).length;

    const error = await openSshSession({
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      hostKeySha256: pinned,
      auth: await resolveSshAuth({ kind: 'password' }, { credential }),
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HostKeyChangedError);
    expect(error).toMatchObject({ kind: 'hostKeyChanged', expected: pinned, presented, retryable: false });
    expect((error as Error).message).toMatch(/^WARNING: the host key of .* has changed\. .*Nothing was sent/);
    expect((error as Error).message).not.toContain(PASSWORD);
    // sshd logs the end of that connection, still before authentication ("[preauth]").
    const log = await waitFor(
      async () => {
        const text = (await sshd.log()).slice(before);
        return /(Connection (closed|reset)|Disconnected from|Received disconnect from) .*\[preauth\]/.test(text) && text;
      },
      { timeoutMs: 10_000, what: 'sshd to log the refused connection' },
    );
    expect(log).not.toMatch(/userauth-request|Failed password|Accepted/);
  });
});
