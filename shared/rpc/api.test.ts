import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { contract as appContract } from '../contract';
import { event, method, type Contract } from '../contract/define';
import { buildApi, splitMethodName } from './api';

const m = (summary: string) => method({ summary, input: z.object({ n: z.number() }).optional(), output: z.number() });

describe('buildApi', () => {
  const contract = {
    methods: { 'lives.create': m('a'), 'lives.start': m('b'), 'iptv.listChannels': m('c') },
    events: { 'lives.updated': event({ summary: 'x', payload: z.object({ id: z.string() }) }) },
  } satisfies Contract;

  it('exposes exactly the named methods, each invoking its full name with the input', async () => {
    const invoke = vi.fn(async (name: string, input: unknown) => ({ name, input }));
    const api = buildApi(contract, invoke, () => () => undefined);
    expect(Object.keys(api)).toEqual(expect.arrayContaining(['iptv', 'lives', 'on']));
    expect(Object.keys(api)).not.toContain('system');
    expect(Object.keys(api.lives).sort()).toEqual(['create', 'start']);
    await expect(api.lives.start({ n: 7 })).resolves.toEqual({ name: 'lives.start', input: { n: 7 } });
    await api.iptv.listChannels();
    expect(invoke).toHaveBeenLastCalledWith('iptv.listChannels', undefined);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('exposes the real contract as api.system.info()', async () => {
    const invoke = vi.fn(async () => 'ok');
    const api = buildApi(appContract, invoke, () => () => undefined);
    await api.system.info();
    expect(invoke).toHaveBeenCalledWith('system.info', undefined);
  });

  it('subscribes to declared events and refuses unknown ones', () => {
    const unsubscribe = vi.fn();
    const subscribe = vi.fn(() => unsubscribe);
    const api = buildApi(contract, vi.fn(), subscribe);
    const listener = vi.fn();
    expect(api.on('lives.updated', listener)).toBe(unsubscribe);
    expect(subscribe).toHaveBeenCalledWith('lives.updated', listener);
    expect(() => api.on('lives.nope' as 'lives.updated', listener)).toThrow(/Unknown event/);
    expect(() => api.on('__proto__' as 'lives.updated', listener)).toThrow(/Unknown event/);
  });

  it.each([
    'system',
    'system.info.extra',
    '.info',
    'system.',
    'a..b',
    'on.start',
    '__proto__.x',
    'lives.__proto__',
    'constructor.x',
    'lives.constructor',
    'x y.z',
    'lives.start-now',
  ])('rejects the badly named method %j', (name) => {
    const bad = { methods: { [name]: m('bad') }, events: {} } satisfies Contract;
    expect(() => buildApi(bad, vi.fn(), vi.fn())).toThrow(/namespace\.method/);
  });

  it('does not touch Object.prototype whatever the contract says', () => {
    const bad = { methods: { '__proto__.polluted': m('bad') }, events: {} } satisfies Contract;
    try {
      buildApi(bad, vi.fn(), vi.fn());
    } catch {
      // refused: fine
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('splitMethodName', () => {
  it('splits namespace.method', () => {
    expect(splitMethodName('iptv.listChannels')).toEqual(['iptv', 'listChannels']);
  });
});
