import { DEFAULT_MAX_FRAME_BYTES, exceedsFrameLimit, type FrameChannel } from './protocol';

/**
 * The part of a WebSocket we use: satisfied by the browser's WebSocket and by the `ws` package,
 * so this stays free of DOM and Node imports. Only `ws` (the serving side) can pause, terminate
 * and report when a frame was written out; the browser's socket simply lacks those members.
 */
export interface WebSocketLike {
  readonly readyState: number;
  /** Bytes queued by `send` and not yet handed to the network. */
  readonly bufferedAmount: number;
  send(data: string, written?: (error?: Error) => void): void;
  close(code?: number, reason?: string): void;
  terminate?(): void;
  pause?(): void;
  resume?(): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

const OPEN = 1;
/** RFC 6455 "policy violation": the peer broke a rule of this server (here: it stopped reading). */
const POLICY_VIOLATION = 1008;

export function websocketChannel(socket: WebSocketLike, maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): FrameChannel {
  const frameListeners: ((frame: string) => void)[] = [];
  const oversizedListeners: ((bytes: number) => void)[] = [];
  const closeListeners: ((reason: string) => void)[] = [];
  const drainListeners: (() => void)[] = [];
  let closed = false;
  let paused = false;
  // Messages `ws` had already parsed when reading was paused: at most what one read held.
  const held: string[] = [];
  const fireClose = (reason: string): void => {
    if (closed) return;
    closed = true;
    held.length = 0;
    for (const l of closeListeners) l(reason);
  };

  const deliver = (text: string): void => {
    if (exceedsFrameLimit(text, maxFrameBytes)) {
      for (const l of oversizedListeners) l(text.length);
      return;
    }
    for (const l of frameListeners) l(text);
  };
  socket.addEventListener('message', (event) => {
    const text = typeof event.data === 'string' ? event.data : String(event.data);
    if (paused) held.push(text);
    else deliver(text);
  });
  socket.addEventListener('close', (event) => fireClose(event.reason || `closed with code ${event.code}`));
  socket.addEventListener('error', () => fireClose('connection error'));

  const written = (): void => {
    if (socket.bufferedAmount === 0) for (const l of drainListeners) l();
  };

  return {
    send(frame) {
      if (closed || socket.readyState !== OPEN) throw new Error('socket is not open');
      socket.send(frame, written);
    },
    onFrame: (l) => void frameListeners.push(l),
    onOversized: (l) => void oversizedListeners.push(l),
    onClose: (l) => void closeListeners.push(l),
    close() {
      socket.close(1000, 'closed by client');
      fireClose('closed locally');
    },
    destroy(reason) {
      // A close handshake would wait on a peer that is not reading: cut the connection instead.
      if (socket.terminate) socket.terminate();
      else socket.close(POLICY_VIOLATION, reason.slice(0, 120));
      fireClose(reason);
    },
    queuedBytes: () => socket.bufferedAmount,
    onDrain: (l) => void drainListeners.push(l),
    pauseReading() {
      paused = true;
      socket.pause?.();
    },
    resumeReading() {
      if (!paused) return;
      paused = false;
      while (held.length > 0 && !paused && !closed) deliver(held.shift() ?? '');
      if (!paused && !closed) socket.resume?.();
    },
  };
}
