import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { event, method } from '../contract/define';
import { RpcError } from '../contract/errors';
import { createRouter } from './router';

const contract = {
  methods: {
    'stream.echo': method({
      summary: 'Echo a title.',
      input: z.object({ title: z.string().min(1), bitrateKbps: z.number().int().positive().optional() }).strict(),
      output: z.object({ title: z.string() }),
    }),
    'stream.crash': method({ summary: 'Throws a plain Error.', input: z.undefined().optional(), output: z.null() }),
    'stream.refuse': method({ summary: 'Throws an RpcError.', input: z.undefined().optional(), output: z.null() }),
    'stream.leak': method({
      summary: 'Returns data outside its schema.',
      input: z.undefined().optional(),
      output: z.object({ id: z.string() }),
    }),
    'stream.trim': method({
      summary: 'Output schema strips unknown keys.',
      input: z.undefined().optional(),
      output: z.object({ id: z.string() }),
    }),
    'stream.unhandled': method({ summary: 'Declared but has no handler.', input: z.undefined().optional(), output: z.null() }),
  },
  events: { 'stream.started': event({ summary: 'x', payload: z.object({ id: z.string() }) }) },
};

type Ctx = { who: string };
const SECRET = '/home/alice/.config/livemanager/rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop';

function makeRouter(onUnexpectedError = vi.fn()) {
  const router = createRouter<typeof contract, Ctx>(
    contract,
    {
      'stream.echo': (input, ctx) => ({ title: `${input.title} for ${ctx.who}` }),
      'stream.crash': () => {
        throw new Error(`ENOENT: no such file ${SECRET}`);
      },
      'stream.refuse': async () => {
        throw new RpcError('CONFLICT', 'A live with this title is already running.');
      },
      'stream.leak': () => ({ id: 42 }) as unknown as { id: string },
      'stream.trim': () => ({ id: 'a', streamKey: 'secret-key' }) as { id: string },
    },
    { onUnexpectedError },
  );
  return { router, onUnexpectedError };
}

const ctx: Ctx = { who: 'alice' };

describe('createRouter', () => {
  it('dispatches a valid call with the parsed input and the caller context', async () => {
    const { router } = makeRouter();
    expect(await router.call('stream.echo', { title: 'Morning show' }, ctx)).toEqual({
      ok: true,
      value: { title: 'Morning show for alice' },
    });
    expect(router.has('stream.echo')).toBe(true);
  });

  it('answers an unknown method with UNKNOWN_METHOD', async () => {
    const { router } = makeRouter();
    const result = await router.call('stream.nope', {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(router.has('stream.nope')).toBe(false);
  });

  it('treats a declared method without a handler as unknown', async () => {
    const { router } = makeRouter();
    expect(await router.call('stream.unhandled', undefined, ctx)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(router.has('stream.unhandled')).toBe(false);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'stream.__proto__', '__proto__.echo', ''])(
    'treats the prototype name %j as an unknown method, not a crash',
    async (name) => {
      const { router } = makeRouter();
      expect(await router.call(name, {}, ctx)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
      expect(router.has(name)).toBe(false);
    },
  );

  it('keeps an absurdly long method name out of the error message', async () => {
    const { router } = makeRouter();
    const result = await router.call('x'.repeat(10_000), {}, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message.length).toBeLessThan(200);
  });

  it('answers bad params with INVALID_PARAMS carrying every zod issue (path + message)', async () => {
    const { router } = makeRouter();
    const result = await router.call('stream.echo', { title: '', bitrateKbps: -5, extra: true }, ctx);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_PARAMS');
    expect(result.error.method).toBe('stream.echo');
    const issues = result.error.issues ?? [];
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining([['title'], ['bitrateKbps'], []]));
    for (const issue of issues) expect(issue.message).toEqual(expect.any(String));
    expect(issues.find((i) => i.path[0] === 'bitrateKbps')?.message).toMatch(/>\s*0|positive|greater/i);
    expect(result.error.message).toContain('title');
  });

  it('answers missing params with INVALID_PARAMS', async () => {
    const { router } = makeRouter();
    expect(await router.call('stream.echo', undefined, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
  });

  it('turns a plain Error into INTERNAL with a generic message, reports the real one, and keeps working', async () => {
    const { router, onUnexpectedError } = makeRouter();
    const result = await router.call('stream.crash', undefined, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', method: 'stream.crash' } });
    const serialised = JSON.stringify(result);
    expect(serialised).not.toContain('ENOENT');
    expect(serialised).not.toContain('alice');
    expect(serialised).not.toContain('abcd-efgh');
    expect(onUnexpectedError).toHaveBeenCalledWith(
      'stream.crash',
      expect.objectContaining({ message: expect.stringContaining('ENOENT') }),
    );
    expect(await router.call('stream.echo', { title: 'after' }, ctx)).toMatchObject({ ok: true });
  });

  it('turns a thrown non-Error (string, undefined) into INTERNAL too', async () => {
    const router = createRouter<typeof contract, Ctx>(contract, {
      'stream.crash': () => {
        throw SECRET;
      },
      'stream.refuse': () => Promise.reject(undefined),
    });
    const crash = await router.call('stream.crash', undefined, ctx);
    expect(crash).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(crash)).not.toContain('abcd-efgh');
    expect(await router.call('stream.refuse', undefined, ctx)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('passes an RpcError from a handler through with its code and message', async () => {
    const { router, onUnexpectedError } = makeRouter();
    expect(await router.call('stream.refuse', undefined, ctx)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'A live with this title is already running.', method: 'stream.refuse' },
    });
    expect(onUnexpectedError).not.toHaveBeenCalled();
  });

  it('answers an output that breaks the contract with INVALID_OUTPUT, never the bad data', async () => {
    const { router, onUnexpectedError } = makeRouter();
    const result = await router.call('stream.leak', undefined, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_OUTPUT', method: 'stream.leak' } });
    expect(onUnexpectedError).toHaveBeenCalledOnce();
  });

  it('strips fields the output schema does not declare, so a handler cannot leak them', async () => {
    const { router } = makeRouter();
    const result = await router.call('stream.trim', undefined, ctx);
    expect(result).toEqual({ ok: true, value: { id: 'a' } });
  });

  it('never rejects, even under many failing calls at once', async () => {
    const { router } = makeRouter();
    const names = ['stream.crash', 'stream.refuse', 'stream.leak', 'nope', '__proto__'];
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => router.call(names[i % names.length]!, undefined, ctx)),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
  });
});
