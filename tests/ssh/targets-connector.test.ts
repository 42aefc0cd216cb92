import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostContract } from '@shared/contract';
import type { EventPayload } from '@shared/contract/define';
import type { SshTargetRecord } from '@shared/contract/host-targets';
import { EventHub } from '@shared/rpc/event-hub';
import { MemorySecretStore } from '../../electron/engine/secrets/secret-store';
import type { AgentConnection } from '../../electron/main/settings/settings-schema';
import { PreviewProxy } from '../../electron/main/targets/ssh/preview-proxy';
import { sshConnector } from '../../electron/main/targets/ssh/ssh-connector';
import { targetApi } from '../../electron/main/targets/target-api';
import { TargetRegistry } from '../../electron/main/targets/target-registry';
import { TargetsService } from '../../electron/main/targets/targets-service';
import { waitFor } from '../support/wait-for';
import { sshdAvailable, type SshdPeer } from '../support/sshd';
import { ADMIN, agentBundleOf, APP_VERSION, sshTargetFor, startVpsWithNode, waitForState } from '../support/vps';

// targets.* as the desktop wires them (TargetsService + registry) with the real SSH connector, to a
// real sshd where the agent is installed.
describe.skipIf(!sshdAvailable())('the targets service over SSH', { timeout: 240_000 }, () => {
  let sshd: SshdPeer;
  let agents: AgentConnection[] = [];
  const secrets = new MemorySecretStore();
  const registry = new TargetRegistry();
  const events = new EventHub<HostContract>();
  const previews = new PreviewProxy();
  const states: EventPayload<HostContract, 'target.state'>[] = [];
  let service: TargetsService;
  const agentRecord = (id: string): SshTargetRecord | undefined =>
    service.list().find((t): t is SshTargetRecord => t.kind === 'ssh' && t.id === id);

  beforeAll(async () => {
    sshd = await startVpsWithNode();
    const installer = await sshTargetFor(sshd);
    await installer.install();
    await waitForState(installer, 'signInRequired');
    await installer.register(ADMIN);
    await installer.close();
    events.subscribe((event, payload) => {
      if (event === 'target.state') states.push(payload as EventPayload<HostContract, 'target.state'>);
    });
    service = new TargetsService({
      registry,
      store: { load: () => agents, save: (list) => void (agents = list) },
      secrets,
      events,
      connector: sshConnector({ secrets, appVersion: APP_VERSION, previews, agentBundle: await agentBundleOf() }),
    });
  }, 180_000);
  afterAll(async () => {
    await registry.closeAll();
    await previews.close();
    await sshd?.close();
  });

  it('connects (pinning the probed host key), signs in keeping the token in main, and rides out a cut', async () => {
    const added = await service.add({
      label: 'Test VPS',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      auth: { kind: 'key', keyPath: sshd.clientKeyPath },
    });
    expect(added.hostKeySha256).toBeNull();
    await expect(service.connect(added.id)).resolves.toMatchObject({
      state: 'connected',
      hostKeySha256: await sshd.hostKeyFingerprint(),
    });
    const api = targetApi(registry, added.id);
    expect(await api.auth.status()).toMatchObject({ mode: 'shared', authenticated: false });

    // Signing in from the renderer: the session works, its token stays in main's keychain.
    const session = await api.auth.login(ADMIN);
    expect(session).toMatchObject({ token: '', user: { email: ADMIN.email } });
    expect(await secrets.get(`agent:${added.id}:session`)).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const live = await api.lives.create({ title: 'Through targets', source: { kind: 'testPattern' } });

    // A cut is a reconnect, not a failure: the target stays registered and comes back.
    states.length = 0;
    sshd.cutConnections();
    await waitFor(() => states.some((s) => s.state === 'connecting') && states.at(-1)?.state === 'connected', {
      what: () => `connecting then connected (${JSON.stringify(states)})`,
    });
    expect(states.map((s) => s.state)).not.toContain('failed');
    expect(registry.get(added.id)).toBeDefined();
    expect((await api.lives.get({ liveId: live.id })).title).toBe('Through targets');

    // Preview URLs point at the app's proxy, not at the VPS's loopback.
    const preview = await api.lives.previewUrl({ liveId: live.id });
    expect(preview.url).toBe(`${await previews.origin()}/vps/${added.id}/hls/${live.id}/index.m3u8`);

    await service.remove(added.id);
    expect(await secrets.get(`agent:${added.id}:session`)).toBeNull();
  });

  it('refuses a VPS whose host key changed, saying so, and registers nothing', async () => {
    const added = await service.add({
      label: 'Pinned VPS',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      auth: { kind: 'key', keyPath: sshd.clientKeyPath },
      hostKeySha256: `SHA256:${'Q'.repeat(43)}`,
    });
    await expect(service.connect(added.id)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^WARNING: the host key of .* has changed/),
    });
    expect(registry.get(added.id)).toBeUndefined();
    // Both fingerprints are offered to the user, to compare before accepting the new one.
    expect(service.list().find((t) => t.id === added.id)).toMatchObject({
      state: 'failed',
      problem: { kind: 'hostKeyChanged', pinned: `SHA256:${'Q'.repeat(43)}`, presented: await sshd.hostKeyFingerprint() },
    });
    await service.remove(added.id);
  });

  // Last: it gives the sshd a new host key.
  it('drops a connected VPS whose host key changes on reconnect, keeping its pin, its session and its lives', async () => {
    const added = await service.add({
      label: 'Moving VPS',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      auth: { kind: 'key', keyPath: sshd.clientKeyPath },
    });
    const pinned = await sshd.hostKeyFingerprint();
    await service.connect(added.id);
    const api = targetApi(registry, added.id);
    await api.auth.login(ADMIN);
    const token = await secrets.get(`agent:${added.id}:session`);
    expect(token).not.toBeNull();
    const live = await api.lives.create({ title: 'Outlives the key change', source: { kind: 'testPattern' } });

    // The VPS goes away and comes back with another host key (reinstalled, or someone in between).
    await sshd.pause();
    await sshd.restart({ newHostKey: true });
    const presented = await sshd.hostKeyFingerprint();
    const record = await waitFor(
      () => {
        const found = agentRecord(added.id);
        return found?.state === 'failed' && found.lastError?.startsWith('WARNING') ? found : null;
      },
      { what: () => `the target to fail on the new key (${JSON.stringify(service.list())})` },
    );

    // A clear refusal naming both keys; not connected, nothing re-pinned, nothing forgotten.
    expect(record.lastError).toMatch(/^WARNING: the host key of .* has changed/);
    expect(record.lastError).toContain(presented);
    expect(record.hostKeySha256).toBe(pinned);
    expect(registry.get(added.id)).toBeUndefined();
    expect(await secrets.get(`agent:${added.id}:session`)).toBe(token);
    await expect(service.connect(added.id)).rejects.toMatchObject({ message: expect.stringMatching(/^WARNING/) });
    expect(agentRecord(added.id)?.hostKeySha256).toBe(pinned);

    expect(record.problem).toEqual({ kind: 'hostKeyChanged', pinned, presented });

    // The user compared both and accepts the new key: pinned, connected, the same session finds the live.
    await expect(service.acceptHostKey(added.id, presented)).resolves.toMatchObject({
      state: 'connected',
      hostKeySha256: presented,
    });
    expect(agentRecord(added.id)).not.toHaveProperty('problem');
    expect((await api.lives.get({ liveId: live.id })).title).toBe('Outlives the key change');
    expect(await secrets.get(`agent:${added.id}:session`)).toBe(token);
  });
});
