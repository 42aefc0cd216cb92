import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { duplexPair } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '@shared/contract';
import { event } from '@shared/contract/define';
import { createChannelClient } from '@shared/rpc/channel-client';
import { serveChannel } from '@shared/rpc/channel-server';
import { createEngine, type Engine } from '../../engine/engine';
import { ndjsonChannel } from '../../engine/rpc/ndjson-channel';
import { MemorySecretStore } from '../../engine/secrets/secret-store';
import { localTarget } from './local-target';
import { remoteTarget } from './remote-target';
import { targetApi } from './target-api';
import { TargetRegistry } from './target-registry';

// The agent side speaks the app contract plus one event we can raise from the test.
const agentContract = {
  methods: contract.methods,
  events: { ...contract.events, 'agent.heartbeat': event({ summary: 'test only', payload: z.object({ seq: z.number() }) }) },
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function engineIn(label: string, appVersion: string): Promise<Engine> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `lm-target-${label}-`));
  const engine = await createEngine({ appVersion, dataDir, secrets: new MemorySecretStore(), mode: 'single-owner' });
  cleanups.push(async () => {
    await engine.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return engine;
}

/** A second engine served over NDJSON on an in-memory byte stream, as an agent is over SSH. */
async function fakeAgent(): Promise<{ engine: Engine; raise: (seq: number) => void; target: ReturnType<typeof remoteTarget> }> {
  const engine = await engineIn('agent', '9.9.9-agent');
  const [appSide, agentSide] = duplexPair();
  const raisers = new Set<(event: string, payload: unknown) => void>();
  const server = serveChannel(ndjsonChannel(agentSide), {
    router: engine.router,
    context: { transport: 'stream' },
    events: {
      subscribe(listener) {
        const unsubscribeEngine = engine.events.subscribe(listener);
        raisers.add(listener);
        return () => {
          unsubscribeEngine();
          raisers.delete(listener);
        };
      },
    },
  });
  const client = createChannelClient(agentContract, ndjsonChannel(appSide), { peerName: 'the VPS agent', timeoutMs: 20_000 });
  const target = remoteTarget({ id: 'vps-paris', label: 'vps-paris', contract: agentContract, client });
  cleanups.push(async () => {
    await target.close();
    server.close();
  });
  return { engine, target, raise: (seq) => raisers.forEach((l) => l('agent.heartbeat', { seq })) };
}

describe('TargetRegistry', () => {
  it('routes each call to the engine named by its target id', async () => {
    const local = await engineIn('local', '1.0.0-local');
    const agent = await fakeAgent();
    const registry = new TargetRegistry();
    registry.add(localTarget(local.router, local.events));
    registry.add(agent.target);

    const here = await registry.call('local', 'system.info', undefined);
    const there = await registry.call('vps-paris', 'system.info', {});
    expect(here).toMatchObject({ ok: true, value: { appVersion: '1.0.0-local' } });
    expect(there).toMatchObject({ ok: true, value: { appVersion: '9.9.9-agent' } });
    expect(registry.list()).toEqual([
      { id: 'local', label: 'This computer' },
      { id: 'vps-paris', label: 'vps-paris' },
    ]);
  });

  it('answers an unknown target with a typed NOT_FOUND', async () => {
    const registry = new TargetRegistry();
    await expect(registry.call('vps-nowhere', 'system.info', {})).resolves.toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining('"vps-nowhere"') }),
    });
    await expect(registry.call(42, 'system.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('carries the remote engine’s typed errors unchanged', async () => {
    const agent = await fakeAgent();
    const registry = new TargetRegistry();
    registry.add(agent.target);
    const bad = await registry.call('vps-paris', 'system.info', { unexpected: true });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', method: 'system.info' } });
    const unknown = await registry.call('vps-paris', 'lives.nope', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('forwards every target’s events tagged with the target id, and stops after removal', async () => {
    const agent = await fakeAgent();
    const registry = new TargetRegistry();
    registry.add(agent.target);
    const seen: [string, string, unknown][] = [];
    registry.subscribe((target, name, payload) => seen.push([target, name, payload]));

    agent.raise(1);
    await expect.poll(() => seen, { timeout: 10_000 }).toEqual([['vps-paris', 'agent.heartbeat', { seq: 1 }]]);

    await registry.remove('vps-paris');
    expect(registry.get('vps-paris')).toBeUndefined();
    await expect(registry.call('vps-paris', 'system.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('gives main a typed API per target: named calls, RpcErrors, and only that target’s events', async () => {
    const local = await engineIn('typed', '1.0.0');
    const agent = await fakeAgent();
    const registry = new TargetRegistry();
    registry.add(localTarget(local.router, local.events));
    registry.add(agent.target);
    const api = targetApi(registry, 'local');
    const updated: string[] = [];
    api.on('live.updated', (live) => updated.push(live.title));
    const live = await api.lives.create({ title: 'From the tray', source: { kind: 'testPattern' } });
    expect(await api.lives.list()).toEqual({ items: [live], nextCursor: null });
    await expect(api.lives.get({ liveId: 'missing' })).rejects.toMatchObject({ name: 'RpcError', code: 'NOT_FOUND' });
    const fromAgent: string[] = [];
    registry.subscribe((target, event) => target === 'vps-paris' && fromAgent.push(event));
    await targetApi(registry, 'vps-paris').lives.create({ title: 'On the agent', source: { kind: 'testPattern' } });
    await expect.poll(() => fromAgent).toContain('live.updated');
    expect(updated).toEqual(['From the tray']);
    await expect(targetApi(registry, 'vps-gone').system.info()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses malformed or duplicate target ids', async () => {
    const local = await engineIn('dup', '1.0.0');
    const registry = new TargetRegistry();
    registry.add(localTarget(local.router, local.events));
    expect(() => registry.add(localTarget(local.router, local.events))).toThrow(/already registered/);
    expect(() => registry.add({ ...localTarget(local.router, local.events), id: '../etc' })).toThrow(/Invalid target id/);
  });
});
