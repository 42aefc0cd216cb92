import { z } from 'zod';
import { englishOf, type EngineMessage } from '../messages/engine-message';
import { recogniseEngineSentence } from '../messages/recognise';

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

/** The sentence as a code and parameters (shared/messages/catalog.ts), which the UI translates. */
export const RpcErrorText = z.object({
  code: z.string().max(100),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const RpcIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  /** English (logs, the CLI); `text` is the same sentence as a catalog code, when it is one. */
  message: z.string(),
  code: z.string().optional(),
  text: RpcErrorText.optional(),
});
export type RpcIssue = z.infer<typeof RpcIssue>;

export const RpcErrorPayload = z.object({
  code: RpcErrorCode,
  /** English, for logs and the CLI; the UI shows `text` in its own language when it is there. */
  message: z.string(),
  text: RpcErrorText.optional(),
  method: z.string().optional(),
  issues: z.array(RpcIssue).optional(),
});
export type RpcErrorPayload = z.infer<typeof RpcErrorPayload>;

interface RpcErrorExtra {
  method?: string;
  issues?: RpcIssue[];
  text?: EngineMessage;
}

export class RpcError extends Error {
  readonly code: RpcErrorCode;
  readonly method: string | undefined;
  readonly issues: RpcIssue[] | undefined;
  /** The message as a code and parameters, when it has one (see `RpcError.of`). */
  readonly text: EngineMessage | undefined;

  constructor(code: RpcErrorCode, message: string, extra: RpcErrorExtra = {}) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
    this.method = extra.method;
    this.issues = extra.issues;
    this.text = extra.text;
  }

  /** An error whose sentence comes from the message catalog: English `message`, translatable `text`. */
  static of(code: RpcErrorCode, text: EngineMessage, extra: Omit<RpcErrorExtra, 'text'> = {}): RpcError {
    return new RpcError(code, englishOf(text), { ...extra, text });
  }

  toPayload(): RpcErrorPayload {
    const payload: RpcErrorPayload = { code: this.code, message: this.message };
    if (this.text !== undefined) payload.text = { code: this.text.code, params: { ...this.text.params } };
    if (this.method !== undefined) payload.method = this.method;
    if (this.issues !== undefined) payload.issues = this.issues;
    return payload;
  }

  static fromPayload(payload: RpcErrorPayload): RpcError {
    const extra: RpcErrorExtra = {};
    if (payload.method !== undefined) extra.method = payload.method;
    if (payload.issues !== undefined) extra.issues = payload.issues;
    if (payload.text !== undefined) extra.text = payload.text;
    return new RpcError(payload.code, payload.message, extra);
  }
}

export function isRpcError(value: unknown): value is RpcError {
  return value instanceof RpcError;
}

/** Turn zod issues into the plain, serialisable shape carried over the wire. */
export function toRpcIssues(issues: readonly z.core.$ZodIssue[]): RpcIssue[] {
  return issues.map((issue) => {
    const out: RpcIssue = {
      path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      message: issue.message,
      code: issue.code,
    };
    // The contract's own sentences come from the catalog (`sentenceOf`): sent with their code.
    const text = recogniseEngineSentence(issue.message);
    if (text) out.text = text;
    return out;
  });
}
