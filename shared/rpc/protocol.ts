import { z } from 'zod';
import { RpcErrorPayload } from '../contract/errors';

/** Frames exchanged by the stream and WebSocket transports (one JSON object per frame). */
export const RequestFrame = z.object({
  t: z.literal('req'),
  id: z.number().int().nonnegative(),
  method: z.string().max(200),
  params: z.unknown().optional(),
});
export const ResponseFrame = z.union([
  z.object({ t: z.literal('res'), id: z.number().int().nonnegative(), ok: z.literal(true), result: z.unknown() }),
  z.object({ t: z.literal('res'), id: z.number().int().nonnegative(), ok: z.literal(false), error: RpcErrorPayload }),
]);
export const EventFrame = z.object({ t: z.literal('evt'), event: z.string(), payload: z.unknown() });
/** A protocol-level complaint about a frame the peer sent (malformed, oversized). */
export const ErrorFrame = z.object({
  t: z.literal('err'),
  id: z.number().int().nonnegative().nullable(),
  error: RpcErrorPayload,
});

export const ServerFrame = z.union([ResponseFrame, EventFrame, ErrorFrame]);
export type RequestFrame = z.infer<typeof RequestFrame>;
export type ServerFrame = z.infer<typeof ServerFrame>;
export type EventFrame = z.infer<typeof EventFrame>;
export type ErrorFrame = z.infer<typeof ErrorFrame>;

/** Frames larger than this are refused with FRAME_TOO_LARGE; the connection stays up. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

const utf8 = new TextEncoder();

/** Whether a frame's UTF-8 size is over the limit; only encodes when the length alone cannot tell. */
export function exceedsFrameLimit(frame: string, maxFrameBytes: number): boolean {
  if (frame.length > maxFrameBytes) return true;
  if (frame.length * 3 <= maxFrameBytes) return false;
  return utf8.encode(frame).byteLength > maxFrameBytes;
}

/**
 * A bidirectional channel of text frames: what a byte stream (NDJSON) or a WebSocket becomes.
 * `onOversized` lets a transport report a frame it refused to buffer. The flow-control members
 * let a server bound what one connection costs (see `serveChannel`).
 */
export interface FrameChannel {
  send(frame: string): void;
  onFrame(listener: (frame: string) => void): void;
  onOversized(listener: (bytes: number) => void): void;
  onClose(listener: (reason: string) => void): void;
  close(): void;
  /** Drop the connection now, discarding whatever is still queued for the peer. */
  destroy(reason: string): void;
  /** Bytes given to `send` that the peer has not taken yet: what a peer that stops reading grows. */
  queuedBytes(): number;
  /** Called when the outgoing queue has been written out after it had grown. */
  onDrain(listener: () => void): void;
  /** Deliver no more frames until `resumeReading`: the peer's bytes wait unread in the OS buffers. */
  pauseReading(): void;
  resumeReading(): void;
}

/** Best-effort request id from a frame we could not validate, so the caller's promise can settle. */
export function guessId(value: unknown): number | null {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0) return id;
  }
  return null;
}
