import type { Contract, MethodDef, MethodName, MethodOutput, MethodParsedInput } from '../contract/define';
import { RpcError, toRpcIssues, type RpcErrorPayload } from '../contract/errors';

export type Handler<C extends Contract, K extends MethodName<C>, Ctx> = (
  input: MethodParsedInput<C, K>,
  ctx: Ctx,
) => Promise<MethodOutput<C, K>> | MethodOutput<C, K>;

export type Handlers<C extends Contract, Ctx> = { [K in MethodName<C>]: Handler<C, K, Ctx> };

export type RpcResult = { ok: true; value: unknown } | { ok: false; error: RpcErrorPayload };

export interface RouterOptions {
  /** Called with the real error when a handler throws something that is not an RpcError. */
  onUnexpectedError?: (method: string, error: unknown) => void;
  /** Check outputs against the contract too (cheap; catches a handler leaking fields). Default true. */
  validateOutput?: boolean;
}

export interface Router<Ctx> {
  call(method: string, params: unknown, ctx: Ctx): Promise<RpcResult>;
  has(method: string): boolean;
}

/**
 * Validate, dispatch, and turn every failure into a typed error payload. Never throws and never
 * rejects, so one bad call can never take a host down.
 */
export function createRouter<C extends Contract, Ctx>(
  contract: C,
  handlers: Partial<Handlers<C, Ctx>>,
  options: RouterOptions = {},
): Router<Ctx> {
  const validateOutput = options.validateOutput ?? true;
  const methods: Record<string, MethodDef | undefined> = contract.methods;
  const table = handlers as Record<string, ((input: unknown, ctx: Ctx) => unknown) | undefined>;

  return {
    has: (name) => Object.hasOwn(methods, name) && typeof table[name] === 'function',
    async call(name, params, ctx) {
      const def = Object.hasOwn(methods, name) ? methods[name] : undefined;
      const handler = Object.hasOwn(table, name) ? table[name] : undefined;
      if (!def || !handler) {
        return fail(new RpcError('UNKNOWN_METHOD', `Unknown method "${String(name).slice(0, 100)}".`));
      }
      const parsed = def.input.safeParse(params);
      if (!parsed.success) {
        return fail(
          new RpcError('INVALID_PARAMS', `Invalid parameters for ${name}: ${summarise(parsed.error.issues)}`, {
            method: name,
            issues: toRpcIssues(parsed.error.issues),
          }),
        );
      }
      let value: unknown;
      try {
        value = await handler(parsed.data, ctx);
      } catch (error) {
        if (error instanceof RpcError) {
          const payload = error.toPayload();
          payload.method ??= name;
          return { ok: false, error: payload };
        }
        options.onUnexpectedError?.(name, error);
        return fail(new RpcError('INTERNAL', `${name} failed unexpectedly. See the engine log for details.`, { method: name }));
      }
      if (validateOutput) {
        const out = def.output.safeParse(value);
        if (!out.success) {
          options.onUnexpectedError?.(name, out.error);
          return fail(
            new RpcError('INVALID_OUTPUT', `${name} returned data that does not match the contract.`, { method: name }),
          );
        }
        value = out.data;
      }
      return { ok: true, value };
    },
  };
}

function fail(error: RpcError): RpcResult {
  return { ok: false, error: error.toPayload() };
}

function summarise(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}
