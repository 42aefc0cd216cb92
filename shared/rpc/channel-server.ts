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
  /** Bounds on what one connection may cost the host; see `DEFAULT_FLOW_LIMITS`. */
  limits?: Partial<FlowLimits>;
  /** Who is connected, for the log line when the connection is cut ("ws 127.0.0.1:53122"). */
  peerLabel?: string;
  /** Where the reason a connection was cut is written. Default: console.error. */
  log?: (message: string) => void;
}

/**
 * What keeps a client that sends requests but never reads the answers from growing the host's
 * memory or work without bound: past `pauseAboveBytes` of unread output, or while `maxInFlight`
 * calls run, no new request is read; past `maxQueuedBytes`, or when the client has read nothing
 * for `stallTimeoutMs` while output waits, the connection is cut.
 */
export interface FlowLimits {
  readonly maxQueuedBytes: number;
  readonly pauseAboveBytes: number;
  readonly maxInFlight: number;
  readonly stallTimeoutMs: number;
}

/**
 * A page of lives is at most half a megabyte, so a client that reads keeps well under these; a
 * few calls at once is all the app's pages make, and what bounds the engine's work and memory.
 */
export const DEFAULT_FLOW_LIMITS: FlowLimits = Object.freeze({
  maxQueuedBytes: 4 * 1024 * 1024,
  pauseAboveBytes: 512 * 1024,
  maxInFlight: 8,
  stallTimeoutMs: 15_000,
});

/**
 * Serve the contract on one channel: answer requests (concurrently, up to a limit), push events,
 * and answer malformed or oversized frames with an error frame instead of dropping the
 * connection. A peer that stops reading is paused, then cut (see `FlowLimits`).
 */
export function serveChannel<Ctx>(channel: FrameChannel, options: ServeOptions<Ctx>): { close(): void } {
  let open = true;
  let context = options.context;
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const limits: FlowLimits = { ...DEFAULT_FLOW_LIMITS, ...options.limits };
  const log = options.log ?? ((message: string) => console.error(message));
  let inFlight = 0;
  let reading = true;
  // Bytes handed to the channel so far (string length: close enough to bytes to see progress).
  let sentBytes = 0;
  let stallTimer: ReturnType<typeof setTimeout> | undefined;

  const cut = (why: string): void => {
    if (!open) return;
    const reason = `${why}; ${mebibytes(channel.queuedBytes())} of answers and events were waiting`;
    log(`RPC connection${options.peerLabel ? ` from ${options.peerLabel}` : ''} closed: ${reason}.`);
    stop();
    channel.destroy(reason);
  };
  // While output waits, check now and then that the client reads some of it.
  const watchStall = (readSoFar: number): void => {
    stallTimer = setTimeout(() => {
      const read = sentBytes - channel.queuedBytes();
      if (read > readSoFar) watchStall(read);
      else cut(`its client has read nothing for ${Math.round(limits.stallTimeoutMs / 100) / 10} s`);
    }, limits.stallTimeoutMs);
  };
  // Called after anything that changes the queue or the calls running: decide whether to read on.
  const regulate = (): void => {
    if (!open) return;
    const queued = channel.queuedBytes();
    if (queued > limits.maxQueuedBytes) {
      cut(`its client is not reading (more than ${mebibytes(limits.maxQueuedBytes)} queued for it)`);
      return;
    }
    const backlogged = queued > limits.pauseAboveBytes;
    const shouldRead = !backlogged && inFlight < limits.maxInFlight;
    if (shouldRead !== reading) {
      reading = shouldRead;
      if (shouldRead) channel.resumeReading();
      else channel.pauseReading();
    }
    if (backlogged && stallTimer === undefined) {
      watchStall(sentBytes - queued);
    } else if (!backlogged && stallTimer !== undefined) {
      clearTimeout(stallTimer);
      stallTimer = undefined;
    }
  };
  channel.onDrain(regulate);

  const sendText = (text: string): void => {
    if (!open) return;
    try {
      channel.send(text);
      sentBytes += text.length;
    } catch {
      // The peer went away between the call and its answer: nothing left to tell it. Never
      // throw from here: it would reach the engine code that emitted an event.
      return;
    }
    regulate();
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
    inFlight++;
    regulate();
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
      })
      .finally(() => {
        // Only once its answer is out: taking the next request before that would let results
        // pile up unsent behind new work.
        inFlight--;
        regulate();
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

  const stop = (): void => {
    if (!open) return;
    open = false;
    clearTimeout(stallTimer);
    unsubscribe?.();
  };
  channel.onClose(stop);
  return {
    close() {
      stop();
      channel.close();
    },
  };
}

/** For the log line only (the renderer has its own, localised, byte formatter). */
function mebibytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KiB`;
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}
