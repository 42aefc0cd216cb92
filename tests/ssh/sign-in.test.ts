import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineContract } from '@shared/contract';
import { createChannelClient } from '@shared/rpc/channel-client';
import { ndjsonChannel } from '../../electron/engine/rpc/ndjson-channel';
import { MemorySecretStore } from '../../electron/engine/secrets/secret-store';
import { attachCommand } from '../../electron/main/targets/ssh/agent-layout';
import { sshSecretIds } from '../../electron/main/targets/ssh/secret-ids';
import type { SshTarget } from '../../electron/main/targets/ssh/ssh-target';
import { sshdAvailable, type SshdPeer } from '../support/sshd';
import { ADMIN, reconnectsAfter, sshTargetFor, startVpsWithNode, waitForState } from '../support/vps';

const MEMBER = { email: 'member@example.com', password: 'a long member password' };

// Signing in to a shared agent from the app: the session token is kept in the app's SecretStore
// and presented again on every reconnect; when the agent no longer knows it, the app asks again.
describe.skipIf(!sshdAvailable())('signing in to a shared agent', { timeout: 180_000 }, () => {
  let sshd: SshdPeer;
  let app: SshTarget;
  const secrets = new MemorySecretStore();
  const sessionId = sshSecretIds('vps-test').session;

  beforeAll(async () => {
    sshd = await startVpsWithNode();
    app = await sshTargetFor(sshd, { secrets });
    await app.install();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await sshd?.close();
  });

  /** Revoke a token the way another device would: bind it on its own connection and log out. */
  async function revokeElsewhere(token: string): Promise<void> {
    const session = await app.connection.openSession();
    try {
      const channel = await session.exec(attachCommand(app.connection.layout));
      const client = createChannelClient(engineContract, ndjsonChannel(channel), { timeoutMs: 20_000 });
      await client.api.auth.useSession({ token });
      await client.api.auth.logout();
      client.close();
    } finally {
      session.close();
    }
  }

  it('asks to sign in, keeps only the session token, and reuses it after a reconnect', async () => {
    expect(await app.connect()).toMatchObject({
      kind: 'signInRequired',
      reason: 'Sign in to vps-test with your LiveManager account.',
    });
    expect(await secrets.get(sessionId)).toBeNull();
    const user = await app.register(ADMIN);
    expect(user).toMatchObject({ email: ADMIN.email, isAdmin: true, isApproved: true });
    expect(app.state()).toEqual({ kind: 'connected' });
    const token = await secrets.get(sessionId);
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(token).not.toContain(ADMIN.password);

    await reconnectsAfter(app, () => sshd.cutConnections());
    expect(await app.client.api.auth.status()).toMatchObject({ authenticated: true, user: { email: ADMIN.email } });
    await app.disconnect();
    expect(await app.connect()).toEqual({ kind: 'connected' });
    expect(await secrets.get(sessionId)).toBe(token);
  });

  it('asks again when the session expires or is revoked: on reconnect, and in the middle of a connection', async () => {
    // On reconnect: the kept token no longer opens a session.
    await revokeElsewhere((await secrets.get(sessionId))!);
    await app.disconnect();
    expect(await app.connect()).toEqual({
      kind: 'signInRequired',
      reason: 'Your session on vps-test has expired or was revoked: sign in again.',
    });
    expect(await secrets.get(sessionId)).toBeNull();
    await expect(app.client.api.lives.list()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await app.signIn(ADMIN);
    expect(app.state()).toEqual({ kind: 'connected' });

    // While connected: a call refused as unauthenticated makes the app check, and ask.
    await revokeElsewhere((await secrets.get(sessionId))!);
    await expect(app.client.api.lives.list()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await waitForState(app, 'signInRequired');
    expect(await secrets.get(sessionId)).toBeNull();
  });

  it('registers a member who waits for approval, and signs out', async () => {
    const member = await sshTargetFor(sshd, { id: 'vps-member', label: 'vps-member' });
    try {
      expect(await member.connect()).toMatchObject({ kind: 'signInRequired' });
      expect(await member.register(MEMBER)).toMatchObject({ email: MEMBER.email, isAdmin: false, isApproved: false });
      expect(member.state()).toEqual({ kind: 'connected' });
      await expect(member.client.api.lives.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await member.signOut();
      expect(member.state()).toEqual({ kind: 'signInRequired', reason: 'Signed out of vps-member.' });
    } finally {
      await member.close();
    }
  });
});
