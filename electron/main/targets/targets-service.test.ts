import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostContract } from '@shared/contract';
import type { EventPayload } from '@shared/contract/define';
import { EventHub } from '@shared/rpc/event-hub';
import { createEngine } from '../../engine/engine';
import { MemorySecretStore } from '../../engine/secrets/secret-store';
import { openSettings, type SettingsStore } from '../settings/settings-store';
import { localTarget } from './local-target';
import { targetApi } from './target-api';
import { TargetRegistry } from './target-registry';
import { TargetConnectError, TargetsService, type ConnectRequest, type TargetConnector } from './targets-service';
import { startMemoryAgent, type MemoryAgent } from '../../../tests/support/memory-agent';

// electron-store needs only an absolute cwd when Electron's app is absent.
vi.mock('electron', () => ({ default: {} }));

const PASSWORD = 'ssh-password-do-not-log';
const FINGERPRINT = `SHA256:${'A'.repeat(43)}`;
const OTHER_KEY = `SHA256:${'B'.repeat(43)}`;
const paris = {
  label: 'Paris VPS',
  host: '203.0.113.7',
  user: 'stream',
  auth: { kind: 'password' as const },
  credential: PASSWORD,
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Seen = { event: string; payload: unknown };

/** The service as the desktop wires it: the real settings file, a keychain, the local engine. */
async function service(connector?: TargetConnector, dir?: string) {
  const dataDir = dir ?? (await mkdtemp(path.join(tmpdir(), 'lm-targets-')));
  if (!dir) cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const secrets = new MemorySecretStore();
  const settings: SettingsStore = await openSettings({ dir: dataDir, secrets });
  // The engine's own folder: two services may share a settings folder (a restart), never an engine's.
  const engineDir = await mkdtemp(path.join(tmpdir(), 'lm-targets-engine-'));
  const engine = await createEngine({ appVersion: '1.0.0-local', dataDir: engineDir, secrets, mode: 'single-owner' });
  cleanups.push(() => rm(engineDir, { recursive: true, force: true }));
  cleanups.push(() => engine.close());
  const registry = new TargetRegistry();
  registry.add(localTarget(engine.router, engine.events));
  cleanups.push(() => registry.closeAll());
  const events = new EventHub<HostContract>();
  const seen: Seen[] = [];
  events.subscribe((event, payload) => seen.push({ event, payload }));
  const targets = new TargetsService({
    registry,
    store: { load: () => settings.get().agents, save: (agents) => void settings.update({ agents }) },
    secrets,
    events,
    ...(connector ? { connector } : {}),
  });
  return { targets, registry, settings, secrets, seen, dataDir };
}

/** A connector that reaches an in-memory agent and presents `hostKey`. */
function agentConnector(hostKey = FINGERPRINT) {
  const requests: ConnectRequest[] = [];
  const agents: MemoryAgent[] = [];
  const connector: TargetConnector = {
    async connect(request) {
      requests.push(request);
      if (!request.checkHostKey(hostKey)) throw new Error('host key mismatch');
      const agent = await startMemoryAgent(request.record.id);
      agents.push(agent);
      cleanups.push(() => agent.close());
      return agent.target;
    },
  };
  return { connector, requests, agents };
}

const states = (seen: Seen[]) =>
  seen.filter((s) => s.event === 'target.state').map((s) => (s.payload as EventPayload<HostContract, 'target.state'>).state);

describe('TargetsService', () => {
  it('adds an agent: saved in the settings without its password, which goes to the keychain', async () => {
    const { targets, secrets, seen, dataDir } = await service();
    const added = await targets.add({ ...paris, port: 2222 });
    expect(added).toEqual({
      kind: 'ssh',
      id: 'paris-vps',
      label: 'Paris VPS',
      host: '203.0.113.7',
      port: 2222,
      user: 'stream',
      auth: { kind: 'password' },
      hasCredential: true,
      hostKeySha256: null,
      state: 'disconnected',
    });
    expect(targets.list()).toEqual([{ kind: 'local', id: 'local', label: 'This computer', state: 'connected' }, added]);
    await expect(secrets.get('agent:paris-vps:credential')).resolves.toBe(PASSWORD);
    const file = await readFile(path.join(dataDir, 'settings.json'), 'utf8');
    expect(file).toContain('"credentialRef": "secret:agent:paris-vps:credential"');
    expect(file).not.toContain(PASSWORD);
    expect(JSON.stringify(seen)).not.toContain(PASSWORD);
    expect(seen.at(-1)).toEqual({ event: 'targets.changed', payload: { targets: targets.list() } });
    // Same label again: a distinct id.
    expect((await targets.add({ ...paris, port: 22 })).id).toBe('paris-vps-2');
  });

  it('keeps agents across restarts, as disconnected records', async () => {
    const first = await service();
    await first.targets.add({ ...paris, port: 22, auth: { kind: 'key', keyPath: '/home/me/.ssh/id_ed25519' } });
    const again = await service(undefined, first.dataDir);
    expect(again.targets.list()[1]).toMatchObject({
      id: 'paris-vps',
      auth: { kind: 'key', keyPath: '/home/me/.ssh/id_ed25519' },
      state: 'disconnected',
    });
  });

  it('connects through the connector, routes calls to the agent, and disconnects, telling each state', async () => {
    const { connector, requests } = agentConnector();
    const { targets, registry, seen } = await service(connector);
    await targets.add({ ...paris, port: 22 });
    await expect(targets.connect('paris-vps')).resolves.toMatchObject({ state: 'connected', hostKeySha256: FINGERPRINT });
    await expect(requests[0]!.credential()).resolves.toBe(PASSWORD);
    expect(await targetApi(registry, 'paris-vps').system.info()).toMatchObject({ appVersion: '9.9.9-agent' });
    await expect(targets.disconnect('paris-vps')).resolves.toMatchObject({ state: 'disconnected' });
    expect(registry.get('paris-vps')).toBeUndefined();
    expect(states(seen)).toEqual(['connecting', 'connected', 'disconnected']);
  });

  it('pins the host key of the first connection and refuses a different one later', async () => {
    const first = agentConnector(FINGERPRINT);
    const { targets, settings, dataDir } = await service(first.connector);
    await targets.add({ ...paris, port: 22 });
    await targets.connect('paris-vps');
    await targets.disconnect('paris-vps');
    expect(settings.get().agents[0]?.hostKeySha256).toBe(FINGERPRINT);

    const impostor = agentConnector(OTHER_KEY);
    const again = await service(impostor.connector, dataDir);
    await expect(again.targets.connect('paris-vps')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(again.targets.list()[1]).toMatchObject({ state: 'failed', lastError: 'Could not connect to Paris VPS.' });
    expect(again.settings.get().agents[0]?.hostKeySha256).toBe(FINGERPRINT);
  });

  it('fails clearly while no SSH connector exists, and marks a dropped connection failed', async () => {
    const plain = await service();
    await plain.targets.add({ ...paris, port: 22 });
    await expect(plain.targets.connect('paris-vps')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'Connecting to a VPS agent over SSH is not available in this version yet.',
    });
    expect(plain.targets.list()[1]).toMatchObject({ state: 'failed', lastError: expect.stringContaining('not available') });

    const { connector, requests } = agentConnector();
    const { targets, registry, seen } = await service(connector);
    await targets.add({ ...paris, port: 22 });
    await targets.connect('paris-vps');
    requests[0]!.lost('The SSH connection was reset.');
    await vi.waitFor(() =>
      expect(targets.list()[1]).toMatchObject({ state: 'failed', lastError: 'The SSH connection was reset.' }),
    );
    expect(registry.get('paris-vps')).toBeUndefined();
    expect(states(seen).at(-1)).toBe('failed');
  });

  it('removes an agent with its credential; "This computer" can be neither removed nor disconnected', async () => {
    const { targets, secrets, settings } = await service();
    await targets.add({ ...paris, port: 22 });
    await expect(targets.remove('paris-vps')).resolves.toEqual({ targetId: 'paris-vps' });
    expect(settings.get().agents).toEqual([]);
    await expect(secrets.get('agent:paris-vps:credential')).resolves.toBeNull();
    await expect(targets.remove('local')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(targets.disconnect('local')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(targets.connect('nowhere')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('a changed host key and a retrying target, as the switcher shows them', () => {
  /** A server that now presents `presented.key`: refused against another pin, as the SSH connector does. */
  function keyChangingConnector() {
    const presented = { key: OTHER_KEY };
    const inner = agentConnector(presented.key);
    const connector: TargetConnector = {
      connect(request) {
        const pinned = request.record.hostKeySha256;
        if (pinned !== null && pinned !== presented.key) {
          return Promise.reject(
            new TargetConnectError('WARNING: the host key changed', { kind: 'hostKeyChanged', pinned, presented: presented.key }),
          );
        }
        return inner.connector.connect(request);
      },
    };
    return { connector, requests: inner.requests };
  }

  it('offers the presented key with the pinned one, accepts only that one, then connects with it pinned', async () => {
    const { connector } = keyChangingConnector();
    const { targets, settings, seen } = await service(connector);
    const { id } = await targets.add({ ...paris, port: 22, hostKeySha256: FINGERPRINT });
    await expect(targets.connect(id)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'WARNING: the host key changed' });
    const problem = { kind: 'hostKeyChanged', pinned: FINGERPRINT, presented: OTHER_KEY };
    expect(targets.list().find((t) => t.id === id)).toMatchObject({ state: 'failed', problem });
    expect(seen).toContainEqual({
      event: 'target.state',
      payload: expect.objectContaining({ targetId: id, state: 'failed', problem }),
    });

    // Only the fingerprint the user was shown can be accepted: not a blind re-pin to another one.
    const third = `SHA256:${'C'.repeat(43)}`;
    await expect(targets.acceptHostKey(id, third)).rejects.toMatchObject({
      code: 'INVALID_STATE',
      text: { code: 'targets.hostKeyNotOffered', params: { label: 'Paris VPS' } },
    });
    expect(settings.get().agents[0]?.hostKeySha256).toBe(FINGERPRINT);

    const record = await targets.acceptHostKey(id, OTHER_KEY);
    expect(record).toMatchObject({ state: 'connected', hostKeySha256: OTHER_KEY });
    expect(record).not.toHaveProperty('problem');
    expect(settings.get().agents[0]?.hostKeySha256).toBe(OTHER_KEY);
    // Nothing is waiting any more: a second accept is refused.
    await expect(targets.acceptHostKey(id, OTHER_KEY)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('keeps when a registered target retries, and forgets it once connected again', async () => {
    const { connector, requests } = agentConnector();
    const { targets } = await service(connector);
    const { id } = await targets.add({ ...paris, port: 22 });
    await targets.connect(id);
    const retrying = { kind: 'retrying' as const, retryAt: Date.now() + 4000 };
    requests[0]!.changed('failed', 'Connection refused', retrying);
    expect(targets.list().find((t) => t.id === id)).toMatchObject({
      state: 'failed',
      lastError: 'Connection refused',
      problem: retrying,
    });
    requests[0]!.changed('connected');
    expect(targets.list().find((t) => t.id === id)).not.toHaveProperty('problem');
  });
});
