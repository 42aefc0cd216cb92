import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/engine/secrets/secret-store';
import { sshSecretIds } from '../../electron/main/targets/ssh/secret-ids';
import type { SshConnectionError } from '../../electron/main/targets/ssh/ssh-errors';
import type { SshTarget } from '../../electron/main/targets/ssh/ssh-target';
import { waitFor } from '../support/wait-for';
import { sshdAvailable, startSshd, type SshdPeer } from '../support/sshd';
import { sshTargetFor, waitForState } from '../support/vps';

const run = promisify(execFile);
const PASSWORD = 'the root password of this test 4b1e';
const PASSPHRASE = 'passphrase of the key 91c2';

async function failure(promise: Promise<unknown>): Promise<SshConnectionError> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as SshConnectionError,
  );
}

// Every way the app signs in to a VPS, against a real sshd: a key file whose passphrase is kept
// in the app's SecretStore, ssh-agent, or a password kept there too.
describe.skipIf(!sshdAvailable())('SSH sign-in methods', { timeout: 90_000 }, () => {
  let sshd: SshdPeer;
  let work: string;
  let lockedKey: string;
  const targets: SshTarget[] = [];
  beforeAll(async () => {
    sshd = await startSshd({ password: PASSWORD });
    work = await mkdtemp(path.join(tmpdir(), 'lm-ssh-auth-'));
    lockedKey = path.join(work, 'locked_ed25519');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PASSPHRASE, '-f', lockedKey]);
    await sshd.authorize(`${lockedKey}.pub`);
  });
  afterAll(async () => {
    for (const target of targets) await target.close();
    await sshd?.close();
    await rm(work, { recursive: true, force: true });
  });

  async function target(options: Parameters<typeof sshTargetFor>[1]): Promise<SshTarget> {
    const made = await sshTargetFor(sshd, options);
    targets.push(made);
    return made;
  }

  it('uses a key file whose passphrase is read from the SecretStore, and names a missing or wrong one', async () => {
    const secrets = new MemorySecretStore();
    const locked = await target({ auth: { kind: 'key', keyPath: lockedKey }, secrets });
    expect(await failure(locked.connection.openSession())).toMatchObject({
      kind: 'authFailed',
      message: `The key file ${lockedKey} is protected by a passphrase: enter it.`,
    });
    await secrets.set(sshSecretIds('vps-test').credential, 'not the passphrase');
    const wrong = await failure(locked.connection.openSession());
    expect(wrong.message).toBe(`The passphrase of the key file ${lockedKey} is wrong: enter it again.`);
    await secrets.set(sshSecretIds('vps-test').credential, PASSPHRASE);
    const session = await locked.connection.openSession();
    expect((await session.run('printf %s "$HOME"')).stdout).toBe(sshd.home);
    session.close();
  });

  it('uses ssh-agent, and says so when none is running', async () => {
    const socket = path.join(work, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      await waitFor(
        () =>
          run('ssh-add', ['-l'], { env: { SSH_AUTH_SOCK: socket } }).then(
            () => true,
            (error: { code?: number }) => error.code === 1, // 1: running, no key yet
          ),
        { what: 'ssh-agent to answer' },
      );
      await run('ssh-add', [sshd.clientKeyPath], { env: { SSH_AUTH_SOCK: socket } });
      const viaAgent = await target({ auth: { kind: 'ssh-agent' }, env: { SSH_AUTH_SOCK: socket } });
      const session = await viaAgent.connection.openSession();
      expect((await session.run('echo agent')).stdout).toBe('agent\n');
      session.close();
      const noAgent = await target({ auth: { kind: 'ssh-agent' }, env: {} });
      expect(await failure(noAgent.connection.openSession())).toMatchObject({
        kind: 'authFailed',
        message: expect.stringMatching(/No ssh-agent is running .*SSH_AUTH_SOCK is not set/),
      });
    } finally {
      agent.kill();
    }
  });

  it('uses a password from the SecretStore; a refused one stops there (no retry storm) and is never shown', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set(sshSecretIds('vps-test').credential, PASSWORD);
    const good = await target({ auth: { kind: 'password' }, secrets });
    const session = await good.connection.openSession();
    expect((await session.run('echo ok')).stdout).toBe('ok\n');
    session.close();

    const badSecrets = new MemorySecretStore();
    await badSecrets.set(sshSecretIds('vps-test').credential, 'a wrong password');
    const bad = await target({ auth: { kind: 'password' }, secrets: badSecrets });
    const before = (await sshd.log()).length;
    const state = await bad.connect();
    expect(state).toMatchObject({ kind: 'authFailed', reason: expect.stringMatching(/refused the sign-in/) });
    expect(JSON.stringify(state)).not.toContain('a wrong password');
    // Terminal: no retry is scheduled (retries here start after 100 ms), so while sshd logs the
    // refusal and serves another whole session, the refused target tries nothing more.
    const failures = async () => ((await sshd.log()).slice(before).match(/Failed password/g) ?? []).length;
    await waitFor(async () => (await failures()) >= 1, { what: 'sshd to log the refused password' });
    const other = await good.connection.openSession();
    await other.run('true');
    other.close();
    expect(bad.state().kind).toBe('authFailed');
    expect(await failures()).toBe(1);
  });

  it('retries an unreachable VPS with backoff, and connects once it is back', async () => {
    const reach = await target({});
    await sshd.pause();
    const first = await reach.connect();
    expect(first).toMatchObject({
      kind: 'unreachable',
      attempt: 0,
      reason: expect.stringContaining('nothing accepts SSH connections on that port'),
    });
    await waitFor(() => reach.state().kind === 'unreachable' && (reach.state() as { attempt: number }).attempt >= 2, {
      what: 'two retries',
    });
    await sshd.resume();
    // No agent on this VPS: SSH now works, and the app says what is missing.
    await waitForState(reach, 'agentNotInstalled', 30_000);
  });
});
