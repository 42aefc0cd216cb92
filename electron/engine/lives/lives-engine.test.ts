import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppContract } from '@shared/contract';
import type { EventPayload } from '@shared/contract/define';
import { createEngine, defaultModules, type Engine } from '../engine';
import { MemorySecretStore } from '../secrets/secret-store';
import { livesModule } from './lives-module';

const dirs: string[] = [];
const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function engineWith(modules?: Parameters<typeof createEngine>[0]['modules']): Promise<Engine> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lm-lives-engine-'));
  dirs.push(dataDir);
  const engine = await createEngine({
    appVersion: 'test',
    dataDir,
    secrets: new MemorySecretStore(),
    mode: 'single-owner',
    ...(modules ? { modules } : {}),
  });
  engines.push(engine);
  return engine;
}

describe('lives in the engine', () => {
  it('is one of the default domains', () => {
    expect(defaultModules().map((m) => m.name)).toContain('lives');
  });

  it('serves lives.* through the router, validating inputs and naming the field', async () => {
    const engine = await engineWith();
    const updates: EventPayload<AppContract, 'live.updated'>[] = [];
    engine.events.subscribe((event, payload) => {
      if (event === 'live.updated') updates.push(payload as EventPayload<AppContract, 'live.updated'>);
    });
    const ctx = { transport: 'ws' } as const;
    const bad = await engine.router.call('lives.create', { title: 'x', source: { kind: 'file', path: 'relative.mp4' } }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', issues: [{ path: ['source', 'path'] }] } });
    const created = await engine.router.call(
      'lives.create',
      { title: 'Desk', source: { kind: 'testPattern' }, destinations: [{ name: 'Preview', kind: 'hls-local' }] },
      ctx,
    );
    expect(created).toMatchObject({ ok: true, value: { ownerId: 'local', state: 'draft' } });
    expect(updates).toHaveLength(1);
    expect((await engine.router.call('lives.list', undefined, ctx)).ok).toBe(true);
  });

  it('without a runtime, edits lives but refuses to start them with a reason', async () => {
    const engine = await engineWith([livesModule()]);
    const ctx = { transport: 'local' } as const;
    const created = await engine.router.call(
      'lives.create',
      { title: 'Desk', source: { kind: 'testPattern' }, destinations: [{ name: 'Preview', kind: 'hls-local' }] },
      ctx,
    );
    if (!created.ok) throw new Error(created.error.message);
    const liveId = (created.value as { id: string }).id;
    const started = await engine.router.call('lives.start', { liveId }, ctx);
    expect(started).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'This engine cannot run lives: its restream runtime is not installed.' },
    });
    const after = await engine.router.call('lives.get', { liveId }, ctx);
    expect(after).toMatchObject({ ok: true, value: { state: 'failed' } });
  });
});
