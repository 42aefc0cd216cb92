import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Live } from '@shared/contract/lives';
import { ManualClock } from '../../tests/support/engine/manual-clock';
import { waitFor } from '../../tests/support/wait-for';
import type { Caller } from './context';
import { createEngine, defaultModules, type Engine } from './engine';
import type { LivesPort } from './lives/lives-port';
import type { EngineModule } from './module';
import { scheduleModule } from './schedule/schedule-module';
import { MemorySecretStore } from './secrets/secret-store';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function engineWith(modules: readonly EngineModule[], now?: () => number): Promise<Engine> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lm-modules-'));
  const engine = await createEngine({
    appVersion: 'test',
    dataDir,
    secrets: new MemorySecretStore(),
    mode: 'single-owner',
    modules,
    ...(now ? { now } : {}),
  });
  cleanups.push(async () => {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return engine;
}

/** A lives port with no lives domain behind it: only what the scheduler may use. */
function stubLives(live: Live): { module: EngineModule<'lives'>; started: { caller: Caller; liveId: string }[] } {
  const started: { caller: Caller; liveId: string }[] = [];
  const port: LivesPort = {
    get: (liveId) => (liveId === live.id ? live : null),
    ownerOf: (liveId) => (liveId === live.id ? live.ownerId : null),
    listScheduled: () => [live],
    listInStates: () => [],
    start: (caller, liveId) => {
      started.push({ caller, liveId });
      return Promise.resolve({ ...live, state: 'queued' });
    },
    stop: () => Promise.resolve(live),
    recordMissedStart: () => undefined,
    readStreamKey: () => Promise.resolve(null),
    urlPasswords: () => Promise.resolve({ source: null, destinations: new Map() }),
  };
  return { module: { name: 'lives', build: () => ({ handlers: {}, exports: port }) }, started };
}

describe('engine modules: one shape, ports between domains', () => {
  it('every default domain builds to handlers and exports, and its port is reachable by name', async () => {
    const engine = await engineWith(defaultModules());
    for (const name of ['accounts', 'lives', 'iptv', 'outputs'] as const) expect(engine.ports.find(name)).toBeDefined();
    expect(typeof engine.ports.get('lives').start).toBe('function');
    expect(typeof engine.ports.get('iptv').resolveChannel).toBe('function');
    expect(typeof engine.ports.get('outputs').verifyViewerToken).toBe('function');
    expect(Object.keys(engine.handlers)).toEqual(
      expect.arrayContaining(['system.info', 'lives.start', 'schedule.upcoming', 'iptv.listProviders']),
    );
  });

  it('the scheduler starts a due live through the lives port alone (no lives tables, no handlers), listed before or after it', async () => {
    for (const order of ['lives first', 'schedule first'] as const) {
      const clock = new ManualClock(Date.parse('2026-05-01T19:59:00Z'));
      const live: Live = {
        id: `live-${order.replace(' ', '-')}`,
        title: 'Ported show',
        ownerId: 'alice',
        source: { kind: 'testPattern' },
        destinations: [],
        encoding: { mode: 'auto' },
        loop: { kind: 'once' },
        start: { kind: 'once', at: '2026-05-01T20:00:00.000Z', timeZone: 'UTC' },
        end: { kind: 'none' },
        state: 'scheduled',
        createdAt: '2026-05-01T10:00:00.000Z',
        updatedAt: '2026-05-01T10:00:00.000Z',
      };
      const lives = stubLives(live);
      const schedule = scheduleModule({ timers: clock, preflight: () => Promise.resolve([]) });
      await engineWith(order === 'lives first' ? [lives.module, schedule] : [schedule, lives.module], clock.now);
      clock.advanceTo(Date.parse('2026-05-01T20:00:00Z'));
      await waitFor(() => lives.started.length > 0, { what: `the start through the port (${order})` });
      // A scheduled start acts as the live's owner, with no more rights.
      expect(lives.started).toEqual([{ caller: { userId: 'alice', isAdmin: false, isApproved: true }, liveId: live.id }]);
    }
  });

  it('refuses two modules exporting one port, and names a port the engine runs without', async () => {
    const a = stubLives({} as Live).module;
    await expect(engineWith([a, { ...a }])).rejects.toThrow('Two engine modules export the "lives" port.');
    const engine = await engineWith([]);
    expect(engine.ports.find('lives')).toBeUndefined();
    expect(() => engine.ports.get('lives')).toThrow('This engine has no "lives" module');
  });
});
