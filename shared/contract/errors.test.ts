import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RpcError, RpcErrorPayload, isRpcError, toRpcIssues } from './errors';

describe('RpcError', () => {
  it('survives the wire: toPayload → JSON → fromPayload keeps code, message, method and issues', () => {
    const error = new RpcError('INVALID_PARAMS', 'Invalid parameters for lives.create: title: Required', {
      method: 'lives.create',
      issues: [{ path: ['destinations', 0, 'url'], message: 'Invalid URL', code: 'invalid_format' }],
    });
    const wire = RpcErrorPayload.parse(JSON.parse(JSON.stringify(error.toPayload())));
    const back = RpcError.fromPayload(wire);
    expect(isRpcError(back)).toBe(true);
    expect(back).toBeInstanceOf(Error);
    expect(back).toMatchObject({ name: 'RpcError', code: 'INVALID_PARAMS', method: 'lives.create', message: error.message });
    expect(back.issues).toEqual(error.issues);
  });

  it('leaves absent fields out of the payload', () => {
    expect(new RpcError('TIMEOUT', 'late').toPayload()).toEqual({ code: 'TIMEOUT', message: 'late' });
  });

  it('refuses a payload with an unknown code', () => {
    expect(RpcErrorPayload.safeParse({ code: 'SOMETHING', message: 'x' }).success).toBe(false);
  });
});

describe('toRpcIssues', () => {
  it('keeps each issue path and message, with symbol keys made printable', () => {
    const schema = z.object({ title: z.string(), destinations: z.array(z.object({ url: z.url() })) });
    const result = schema.safeParse({ destinations: [{ url: 'not a url' }] });
    expect(result.success).toBe(false);
    if (result.success) return;
    const issues = toRpcIssues(result.error.issues);
    expect(issues.map((i) => i.path)).toEqual([['title'], ['destinations', 0, 'url']]);
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
    const sym = Symbol('k');
    expect(toRpcIssues([{ code: 'custom', path: [sym], message: 'm', input: undefined }])[0]?.path).toEqual(['Symbol(k)']);
    expect(JSON.parse(JSON.stringify(issues))).toEqual(issues);
  });
});
