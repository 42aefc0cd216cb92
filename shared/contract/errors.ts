import { z } from 'zod';

/**
 * Error codes every transport carries. Domain handlers throw `RpcError` with one of these;
 * anything else a handler throws becomes `INTERNAL` with a generic message (details are logged
 * by the host, never sent, since they may hold paths or secrets).
 */
export const RpcErrorCode = z.enum([
  'UNKNOWN_METHOD',
  'INVALID_PARAMS',
  'INVALID_OUTPUT',
  'INTERNAL',
  'TIMEOUT',
  'DISCONNECTED',
  'FRAME_TOO_LARGE',
  'MALFORMED_FRAME',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_STATE',
  'UNAVAILABLE',
  /** A quota or cap was reached: lives per account, calls at once from one window. */
  'LIMIT_REACHED',
]);
export type RpcErrorCode = z.infer<typeof RpcErrorCode>;

export const RpcIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  code: z.string().optional(),
});
export type RpcIssue = z.infer<typeof RpcIssue>;

export const RpcErrorPayload = z.object({
  code: RpcErrorCode,
  message: z.string(),
  method: z.string().optional(),
  issues: z.array(RpcIssue).optional(),
});
export type RpcErrorPayload = z.infer<typeof RpcErrorPayload>;

export class RpcError extends Error {
  readonly code: RpcErrorCode;
  readonly method: string | undefined;
  readonly issues: RpcIssue[] | undefined;

  constructor(code: RpcErrorCode, message: string, extra: { method?: string; issues?: RpcIssue[] } = {}) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
    this.method = extra.method;
    this.issues = extra.issues;
  }

  toPayload(): RpcErrorPayload {
    const payload: RpcErrorPayload = { code: this.code, message: this.message };
    if (this.method !== undefined) payload.method = this.method;
    if (this.issues !== undefined) payload.issues = this.issues;
    return payload;
  }

  static fromPayload(payload: RpcErrorPayload): RpcError {
    const extra: { method?: string; issues?: RpcIssue[] } = {};
    if (payload.method !== undefined) extra.method = payload.method;
    if (payload.issues !== undefined) extra.issues = payload.issues;
    return new RpcError(payload.code, payload.message, extra);
  }
}

export function isRpcError(value: unknown): value is RpcError {
  return value instanceof RpcError;
}

/** Turn zod issues into the plain, serialisable shape carried over the wire. */
export function toRpcIssues(issues: readonly z.core.$ZodIssue[]): RpcIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
    code: issue.code,
  }));
}
