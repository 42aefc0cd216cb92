import { describe, expect, it, vi } from 'vitest';
import { contract, hostContract } from '../contract';
import { refuseHostMethods, routeByNamespace } from './host-routing';
import type { Router } from './router';

function fakeRouter(name: string): Router<object> & { call: ReturnType<typeof vi.fn> } {
  return {
    has: () => true,
    call: vi.fn(() => Promise.resolve({ ok: true as const, value: name })),
  };
}

describe('routing by namespace', () => {
  it('sends every host method to the host and everything else to the engine', async () => {
    const host = fakeRouter('host');
    const engine = fakeRouter('engine');
    const router = routeByNamespace(host, engine);
    for (const method of Object.keys(contract.methods)) {
      const expected = Object.hasOwn(hostContract.methods, method) ? 'host' : 'engine';
      await expect(router.call(method, undefined, {})).resolves.toEqual({ ok: true, value: expected });
    }
    // A misspelt host method is still the host's to refuse: it never reaches an engine.
    await router.call('settings.nope', undefined, {});
    expect(host.call).toHaveBeenLastCalledWith('settings.nope', undefined, {});
    expect(engine.call).not.toHaveBeenCalledWith('settings.nope', expect.anything(), expect.anything());
  });

  it('lets an engine refuse host methods by name, without running anything', async () => {
    const engine = fakeRouter('engine');
    const closed = refuseHostMethods(engine);
    for (const method of [...Object.keys(hostContract.methods), 'targets.other']) {
      await expect(closed.call(method, {}, {})).resolves.toEqual({
        ok: false,
        error: { code: 'UNKNOWN_METHOD', method, message: `${method} is answered by the app itself, never by an engine.` },
      });
      expect(closed.has(method)).toBe(false);
    }
    expect(engine.call).not.toHaveBeenCalled();
    await expect(closed.call('lives.list', {}, {})).resolves.toEqual({ ok: true, value: 'engine' });
  });
});
