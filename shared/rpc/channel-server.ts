import { RpcError } from '../contract/errors';
import {
  DEFAULT_MAX_FRAME_BYTES,
  RequestFrame,
  exceedsFrameLimit,
  guessId,
  type ErrorFrame,
  type EventFrame,
  type FrameChannel,
} from './protocol';
import type { Router, RpcResult } from './router';

/** Where engine events come from: each emitted event reaches every subscribed connection. */
export interface EventSource {
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

export interface ServeOptions<Ctx> {
  router: Router<Ctx>;
  events?: EventSource;
  /** Builds the call context for this connection (who is calling, over what). */
  context: Ctx;
  /** Filter which events this connection may receive (e.g. only its owner's lives). */
  canReceive?: (event: string, payload: unknown, context: Ctx) => boolean;
  /**
   * Derive this connection's context for its later calls from a settled call, e.g. bind the
   * session `auth.login` opened. Calls already in flight keep the context they started with.
   */
  updateContext?: (context: Ctx, call: { method: string; params: unknown; result: RpcResult }) => Ctx;
  /** Answers larger than this become a FRAME_TOO_LARGE error, which the peer can still read. */
  maxFrameBytes?: number;
}

/**
 * Serve the contract on one channel: answer requests (concurrently), push events, and answer
 * malformed or oversized frames with an error frame instead of dropping the connection.
 */
export function serveChannel<Ctx>(channel: FrameChannel, options: ServeOptions<Ctx>): { close(): void } {
  let open = true;
  let context = options.context;
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const sendText = (text: string): void => {
    if (!open) return;
    try {
      channel.send(text);
    } catch {
      // The peer went away between the call and its answer: nothing left to tell it. Never
      // throw from here: it would reach the engine code that emitted an event.
    }
  };
  const send = (frame: unknown): void => sendText(JSON.stringify(frame));
  const protocolError = (id: number | null, error: RpcError): void => {
    send({ t: 'err', id, error: error.toPayload() } satisfies ErrorFrame);
  };

  channel.onOversized((bytes) => {
    protocolError(null, new RpcError('FRAME_TOO_LARGE', `Frame of at least ${bytes} bytes refused: larger than the limit.`));
  });

  channel.onFrame((text) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      protocolError(null, new RpcError('MALFORMED_FRAME', 'Frame is not valid JSON.'));
      return;
    }
    const parsed = RequestFrame.safeParse(raw);
    if (!parsed.success) {
      protocolError(guessId(raw), new RpcError('MALFORMED_FRAME', 'Frame is not a request ({t:"req", id, method, params}).'));
      return;
    }
    const { id, method, params } = parsed.data;
    void options.router
      .call(method, params, context)
      .then((result) => {
        if (options.updateContext) context = options.updateContext(context, { method, params, result });
        if (!open) return;
        let answer: string;
        try {
          answer = JSON.stringify(
            result.ok ? { t: 'res', id, ok: true, result: result.value } : { t: 'res', id, ok: false, error: result.error },
          );
        } catch {
          const error = new RpcError('INTERNAL', `The answer to ${method} could not be serialised.`, { method });
          send({ t: 'res', id, ok: false, error: error.toPayload() });
          return;
        }
        if (!exceedsFrameLimit(answer, maxFrameBytes)) {
          sendText(answer);
          return;
        }
        const error = new RpcError(
          'FRAME_TOO_LARGE',
          `The answer to ${method} is larger than ${maxFrameBytes} bytes; ask for less.`,
          { method },
        );
        send({ t: 'res', id, ok: false, error: error.toPayload() });
      })
      .catch(() => {
        // Only a throwing updateContext gets here; an unhandled rejection would end the process.
        send({
          t: 'res',
          id,
          ok: false,
          error: new RpcError('INTERNAL', `${method} failed unexpectedly.`, { method }).toPayload(),
        });
      });
  });

  const unsubscribe = options.events?.subscribe((event, payload) => {
    let allowed: boolean;
    try {
      allowed = !options.canReceive || options.canReceive(event, payload, context);
    } catch {
      // A failing filter withholds the event (the safe side) and must not throw into the emitter.
      allowed = false;
    }
    if (!allowed) return;
    send({ t: 'evt', event, payload } satisfies EventFrame);
  });

  const close = (): void => {
    if (!open) return;
    open = false;
    unsubscribe?.();
  };
  channel.onClose(close);
  return {
    close() {
      close();
      channel.close();
    },
  };
}
