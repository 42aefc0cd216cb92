import { describe, expect, it } from 'vitest';
import { RpcError } from '@shared/contract/errors';
import { TunerSlots } from './tuner-slots';

describe('tuner slots', () => {
  const limits: Record<string, number | null> = { p1: 2, p2: null, p3: 1 };
  const slots = () => {
    const changes: string[] = [];
    const registry = new TunerSlots({
      now: () => 0,
      limitOf: (id) => ({ limit: limits[id] ?? null, providerName: `Provider ${id}` }),
      onChange: (id) => changes.push(id),
    });
    return { registry, changes };
  };

  it("refuses one more than the provider's limit, naming what holds the slots", () => {
    const { registry } = slots();
    registry.acquire('p1', 'live', 'Match du soir');
    registry.acquire('p1', 'preview', 'TF1');
    let error: unknown;
    try {
      registry.acquire('p1', 'preview', 'France 2');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe('CONFLICT');
    expect((error as RpcError).message).toBe(
      'All 2 connections of “Provider p1” are in use (live “Match du soir”, preview “TF1”). Stop one of them first.',
    );
  });

  it('says “the only connection” when the provider allows one', () => {
    const { registry } = slots();
    registry.acquire('p3', 'live', 'Match du soir');
    expect(() => registry.acquire('p3', 'preview', 'TF1')).toThrow(
      'The only connection of “Provider p3” is in use (live “Match du soir”). Stop it first.',
    );
  });

  it('frees a slot on release (once, however often release is called) and counts providers apart', () => {
    const { registry, changes } = slots();
    const a = registry.acquire('p1', 'live', 'A');
    registry.acquire('p1', 'live', 'B');
    a.release();
    a.release();
    expect(registry.usage('p1').map((u) => u.label)).toEqual(['B']);
    expect(() => registry.acquire('p1', 'preview', 'C')).not.toThrow();
    for (let i = 0; i < 10; i++) registry.acquire('p2', 'preview', `unlimited ${i}`);
    expect(registry.usage('p2')).toHaveLength(10);
    expect(changes.filter((c) => c === 'p1')).toHaveLength(4);
  });
});
