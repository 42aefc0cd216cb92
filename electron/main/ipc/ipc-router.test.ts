import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hostContract, type HostContract } from '@shared/contract';
import { RpcError } from '@shared/contract/errors';
import { EventHub } from '@shared/rpc/event-hub';
import type { Router } from '@shared/rpc/router';
import type { CallContext } from '../../engine/context';
import { IPC_CALL, IPC_EVENT, type IpcReply } from '@shared/rpc/ipc-channels';
import { createEngine, type Engine } from '../../engine/engine';
import type { EngineModule } from '../../engine/module';
import { MemorySecretStore } from '../../engine/secrets/secret-store';
import { localTarget } from '../targets/local-target';
import { TargetRegistry } from '../targets/target-registry';
import { mountIpc } from './ipc-router';
import { appUrlMatcher, createSenderCheck } from './sender-check';

type CallHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcReply>;

interface FakeFrame {
  routingId: number;
  url: string;
}

function fakeContents(id: number, url = 'app://livemanager/index.html') {
  const mainFrame: FakeFrame = { routingId: id * 10, url };
  return { id, mainFrame, send: vi.fn(), isDestroyed: () => false };
}
type FakeContents = ReturnType<typeof fakeContents>;

function invokeEvent(sender: FakeContents, frame: FakeFrame | null = sender.mainFrame): IpcMainInvokeEvent {
  return { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A stand-in for main's host router: answers every host method with where it was asked. */
function fakeHost() {
  const hostEvents = new EventHub<HostContract>();
  const calls: string[] = [];
  const host: Router<CallContext> = {
    has: () => true,
    call: (method) => {
      calls.push(method);
      if (!Object.hasOwn(hostContract.methods, method)) {
        return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: 'no such host method', method } });
      }
      return Promise.resolve({ ok: true, value: { answeredBy: 'main' } });
    },
  };
  return { host, hostEvents, calls };
}

async function mount(modules?: EngineModule[], maxInFlightPerWindow?: number, withHost = fakeHost()) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lm-ipc-'));
  const engine: Engine = await createEngine({
    appVersion: '1.2.3',
    dataDir,
    secrets: new MemorySecretStore(),
    mode: 'single-owner',
    ...(modules ? { modules } : {}),
  });
  const ours = fakeContents(1);
  const handlers = new Map<string, CallHandler>();
  const ipcMain = {
    handle: (channel: string, fn: CallHandler) => void handlers.set(channel, fn),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  const targets = new TargetRegistry();
  targets.add(localTarget(engine.router, engine.events));
  const refused: string[] = [];
  const bridge = mountIpc({
    ipcMain: ipcMain as never,
    targets,
    isTrustedSender: createSenderCheck({
      ownContents: () => [ours as unknown as WebContents],
      isAppUrl: appUrlMatcher('app://livemanager/index.html'),
    }),
    recipients: () => [ours as unknown as WebContents],
    onRefused: (reason) => refused.push(reason),
    host: withHost.host,
    hostEvents: withHost.hostEvents,
    ...(maxInFlightPerWindow ? { maxInFlightPerWindow } : {}),
  });
  cleanups.push(async () => {
    bridge.dispose();
    await engine.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const call = (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<IpcReply> => {
    const handler = handlers.get(IPC_CALL);
    if (!handler) throw new Error('no handler mounted');
    return handler(event, ...args);
  };
  return { call, ours, bridge, handlers, refused, engine, ...withHost };
}

describe('IPC router', () => {
  it('answers a call from our own window with the engine result', async () => {
    const { call, ours } = await mount();
    await expect(call(invokeEvent(ours), 'system.info', undefined)).resolves.toMatchObject({
      ok: true,
      value: { appVersion: '1.2.3' },
    });
  });

  it('refuses a webContents it did not create, before any engine runs', async () => {
    const { call, refused } = await mount();
    const stranger = fakeContents(99);
    await expect(call(invokeEvent(stranger), 'system.info', undefined)).resolves.toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'FORBIDDEN' }),
    });
    expect(refused).toHaveLength(1);
  });

  it('refuses a call from a sub-frame, a vanished frame, or our window showing another page', async () => {
    const { call, ours } = await mount();
    const iframe: FakeFrame = { routingId: 777, url: 'app://livemanager/index.html' };
    await expect(call(invokeEvent(ours, iframe), 'system.info')).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await expect(call(invokeEvent(ours, null), 'system.info')).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    ours.mainFrame.url = 'https://evil.example/index.html';
    await expect(call(invokeEvent(ours), 'system.info')).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('turns invalid input into a typed INVALID_PARAMS with the issues', async () => {
    const { call, ours } = await mount();
    const reply = await call(invokeEvent(ours), 'system.info', { verbose: 'yes' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', method: 'system.info' } });
    expect(reply.ok ? [] : reply.error.issues).not.toHaveLength(0);
    await expect(call(invokeEvent(ours), 42)).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    await expect(call(invokeEvent(ours), 'x'.repeat(5000))).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
  });

  it('returns handler errors typed: RpcError as thrown, anything else as INTERNAL without details', async () => {
    const failing = (error: Error): EngineModule => ({
      name: 'failing',
      build: () => ({ handlers: { 'system.info': () => Promise.reject(error) }, exports: undefined }),
    });
    const typed = await mount([failing(new RpcError('UNAVAILABLE', 'FFmpeg is busy.'))]);
    await expect(typed.call(invokeEvent(typed.ours), 'system.info')).resolves.toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'FFmpeg is busy.', method: 'system.info' },
    });
    const crash = await mount([failing(new Error('ENOENT /home/me/secret-key.txt'))]);
    const reply = await crash.call(invokeEvent(crash.ours), 'system.info');
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain('secret-key');
  });

  it('refuses calls past the per-window limit of calls running, and takes them again once answered', async () => {
    const releases: (() => void)[] = [];
    const blocking: EngineModule = {
      name: 'blocking',
      build: () => ({
        exports: undefined,
        handlers: {
          'system.info': () =>
            new Promise((resolve) =>
              releases.push(() =>
                resolve({
                  appVersion: '1',
                  platform: 'linux',
                  arch: 'x64',
                  nodeVersion: '24',
                  ffmpeg: { found: false, reason: 'test' },
                  ffprobe: { found: false, reason: 'test' },
                  secretStorage: 'memory',
                }),
              ),
            ),
        },
      }),
    };
    const { call, ours, refused } = await mount([blocking], 3);
    const running = Array.from({ length: 3 }, () => call(invokeEvent(ours), 'system.info'));
    await expect.poll(() => releases.length).toBe(3);
    await expect(call(invokeEvent(ours), 'system.info')).resolves.toMatchObject({
      ok: false,
      error: { code: 'LIMIT_REACHED', method: 'system.info' },
    });
    expect(refused).toEqual([expect.stringContaining('already has 3 calls running')]);
    for (const release of releases.splice(0)) release();
    for (const reply of await Promise.all(running)) expect(reply.ok).toBe(true);
    const again = call(invokeEvent(ours), 'system.info');
    await expect.poll(() => releases.length).toBe(1);
    releases[0]!();
    await expect(again).resolves.toMatchObject({ ok: true });
  });

  it('answers host namespaces in main, whatever target they name, and never forwards them to an engine', async () => {
    const { call, ours, calls } = await mount();
    for (const target of ['local', 'vps-1']) {
      await expect(call(invokeEvent(ours), 'settings.get', undefined, target)).resolves.toEqual({
        ok: true,
        value: { answeredBy: 'main' },
      });
    }
    // A misspelt host method is main's UNKNOWN_METHOD too, not an engine's.
    await expect(call(invokeEvent(ours), 'targets.nope', {}, 'local')).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: 'no such host method' },
    });
    expect(calls).toEqual(['settings.get', 'settings.get', 'targets.nope']);
    // Engine methods still go to the engine their target names.
    await expect(call(invokeEvent(ours), 'system.info', undefined, 'local')).resolves.toMatchObject({ ok: true });
    expect(calls).toHaveLength(3);
  });

  it('sends main’s own events (settings, targets) to our windows, tagged local', async () => {
    const { ours, hostEvents } = await mount();
    const payload = { targetId: 'vps-1', state: 'connecting' } as const;
    hostEvents.emit('target.state', payload);
    expect(ours.send).toHaveBeenCalledWith(IPC_EVENT, 'target.state', payload, 'local');
  });

  it('routes by target id and answers an unknown target with NOT_FOUND', async () => {
    const { call, ours } = await mount();
    await expect(call(invokeEvent(ours), 'system.info', undefined, 'local')).resolves.toMatchObject({ ok: true });
    await expect(call(invokeEvent(ours), 'system.info', undefined, 'vps-1')).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('forwards the engine’s events to our windows, tagged with the local target', async () => {
    const { ours, engine } = await mount();
    const notice = {
      kind: 'live.failed',
      liveId: 'l1',
      title: 'Failed',
      body: 'Refused',
      severity: 'error',
      at: '2026-03-29T18:00:00Z',
    } as const;
    engine.events.emit('notification', notice);
    expect(ours.send).toHaveBeenCalledWith(IPC_EVENT, 'notification', notice, 'local');
  });

  it('sends events to our windows tagged with their target, and unmounts cleanly', async () => {
    const { ours, bridge, handlers } = await mount();
    bridge.emit('shell.openLive', { liveId: 'l1' });
    expect(ours.send).toHaveBeenCalledWith(IPC_EVENT, 'shell.openLive', { liveId: 'l1' }, 'local');
    bridge.dispose();
    expect(handlers.has(IPC_CALL)).toBe(false);
  });
});

describe('appUrlMatcher', () => {
  it('accepts only the app origin (custom scheme, dev server) or the same file', () => {
    const app = appUrlMatcher('app://livemanager/index.html');
    expect(app('app://livemanager/lives/1')).toBe(true);
    expect(app('app://other/index.html')).toBe(false);
    expect(app('https://livemanager/index.html')).toBe(false);
    const dev = appUrlMatcher('http://localhost:5173/');
    expect(dev('http://localhost:5173/x')).toBe(true);
    expect(dev('http://localhost:5174/x')).toBe(false);
    const file = appUrlMatcher('file:///opt/app/index.html');
    expect(file('file:///opt/app/index.html')).toBe(true);
    expect(file('file:///etc/passwd')).toBe(false);
    expect(app('not a url')).toBe(false);
  });
});
