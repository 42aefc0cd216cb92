import { describe, expect, it, vi } from 'vitest';
import { contract } from '../contract';
import { RpcError } from '../contract/errors';
import { buildApi, buildTargetedApi, reviveRpcErrors } from './api';

describe('api.target(id)', () => {
  it('on a single-engine transport (browser bridge): "local" is the api itself, others reject NOT_FOUND', async () => {
    const invoke = vi.fn(() => Promise.resolve({ ok: 1 }));
    const api = buildApi(contract, invoke, () => () => undefined);
    expect(api.target('local')).toBe(api);
    await expect(api.target('vps-1').system.info()).rejects.toMatchObject({
      code: 'NOT_FOUND',
      method: 'system.info',
      message: expect.stringContaining('"vps-1"'),
    });
    expect(invoke).not.toHaveBeenCalled();
    expect(api.target('vps-1').target('local')).toBe(api);
    // Unchanged: the root still calls straight through.
    await api.system.info();
    expect(invoke).toHaveBeenCalledWith('system.info', undefined);
  });

  it('on a multi-engine host: every call and subscription carries its target id', async () => {
    const invoke = vi.fn((..._args: unknown[]) => Promise.resolve(null));
    const subscribe = vi.fn(
      (..._args: unknown[]) =>
        () =>
          undefined,
    );
    const api = buildTargetedApi(contract, invoke, subscribe);
    await api.system.info();
    await api.target('vps-1').system.info({});
    expect(invoke.mock.calls).toEqual([
      ['local', 'system.info', undefined],
      ['vps-1', 'system.info', {}],
    ]);
    expect(api.target('vps-1')).toBe(api.target('vps-1'));
    expect(api.target('vps-1').target('local')).toBe(api);
    const name = Object.keys(contract.events)[0];
    if (name) {
      (api.target('vps-1') as unknown as { on(e: string, l: () => void): unknown }).on(name, () => undefined);
      expect(subscribe).toHaveBeenCalledWith('vps-1', name, expect.any(Function));
    }
  });

  it('reviveRpcErrors: payload rejections become RpcErrors, other errors pass, targets stay stable', async () => {
    const payload = { code: 'CONFLICT', message: 'Already live.', method: 'system.info' };
    const bridged = buildTargetedApi(
      contract,
      (target) => Promise.reject(target === 'local' ? payload : new TypeError('boom')),
      () => () => undefined,
    );
    const page = reviveRpcErrors(contract, bridged);
    const error = await page.system.info().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject(payload);
    await expect(page.target('vps-1').system.info()).rejects.toBeInstanceOf(TypeError);
    expect(page.target('local')).toBe(page);
    expect(page.target('vps-1')).toBe(page.target('vps-1'));
  });
});
