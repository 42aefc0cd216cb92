import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contract, type AppContract } from '@shared/contract';
import type { ApiOf } from '@shared/contract/define';
import { RpcError } from '@shared/contract/errors';
import { reviveRpcErrors } from '@shared/rpc/api';
import { IPC_CALL, IPC_EVENT } from '@shared/rpc/ipc-channels';

type EventHandler = (event: unknown, ...args: unknown[]) => void;

const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  eventHandlers: [] as ((event: unknown, ...args: unknown[]) => void)[],
  invoke: (..._args: unknown[]): Promise<unknown> => Promise.resolve({ ok: true, value: null }),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => bridge.exposed.set(key, value) },
  ipcRenderer: {
    on: (channel: string, handler: EventHandler) => {
      if (channel === IPC_EVENT) bridge.eventHandlers.push(handler);
    },
    invoke: (...args: unknown[]) => bridge.invoke(...args),
  },
}));

let api: ApiOf<AppContract>;
beforeAll(async () => {
  await import('./index');
  api = bridge.exposed.get('livemanager') as ApiOf<AppContract>;
});

function pushEvent(name: string, payload: unknown, target: string): void {
  for (const handler of bridge.eventHandlers) handler({}, name, payload, target);
}

describe('preload bridge', () => {
  it('exposes only window.livemanager, with named methods and no channel names', () => {
    expect([...bridge.exposed.keys()]).toEqual(['livemanager']);
    expect(typeof api.system.info).toBe('function');
    expect(JSON.stringify(Object.keys(api))).not.toContain('livemanager:');
  });

  it('sends calls with their target: the root is "local", target(id) another engine', async () => {
    const invoke = vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: { appVersion: 'x' } }));
    bridge.invoke = invoke;
    await api.system.info();
    await api.target('vps-1').system.info({});
    expect(invoke.mock.calls).toEqual([
      [IPC_CALL, 'system.info', undefined, 'local'],
      [IPC_CALL, 'system.info', {}, 'vps-1'],
    ]);
    expect(api.target('local')).toBe(api);
  });

  it('rejects with the plain error payload, which crosses contextBridge whole and revives as RpcError', async () => {
    const error = {
      code: 'INVALID_PARAMS',
      message: 'Invalid parameters for system.info',
      method: 'system.info',
      issues: [{ path: ['x'], message: 'bad' }],
    };
    bridge.invoke = () => Promise.resolve({ ok: false, error });
    await expect(api.target('vps-9').system.info()).rejects.toEqual(error);
    // What the page does with window.livemanager (renderer/src/bridge/api.ts):
    const page = reviveRpcErrors(contract, api);
    const thrown = await page
      .target('vps-9')
      .system.info()
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(RpcError);
    expect(thrown).toMatchObject({ code: 'INVALID_PARAMS', issues: [{ path: ['x'], message: 'bad' }] });
  });

  it('delivers an event only to listeners of the target it came from', () => {
    const onLocal = vi.fn();
    const onAgent = vi.fn();
    const events = api as unknown as { on(e: string, l: (p: unknown) => void): () => void; target(id: string): typeof events };
    // Any declared event works: payloads are not validated on this hop (main already did).
    const name = Object.keys(contract.events)[0];
    if (!name) throw new Error('the contract declares no event');
    const offLocal = events.on(name, onLocal);
    events.target('vps-1').on(name, onAgent);
    pushEvent(name, { n: 1 }, 'vps-1');
    pushEvent(name, { n: 2 }, 'local');
    expect(onAgent).toHaveBeenCalledExactlyOnceWith({ n: 1 });
    expect(onLocal).toHaveBeenCalledExactlyOnceWith({ n: 2 });
    offLocal();
    pushEvent(name, { n: 3 }, 'local');
    expect(onLocal).toHaveBeenCalledTimes(1);
  });
});
