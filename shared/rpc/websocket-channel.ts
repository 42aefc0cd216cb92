import { DEFAULT_MAX_FRAME_BYTES, exceedsFrameLimit, type FrameChannel } from './protocol';

/**
 * The part of a WebSocket we use: satisfied by the browser's WebSocket and by the `ws` package,
 * so this stays free of DOM and Node imports.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

const OPEN = 1;

export function websocketChannel(socket: WebSocketLike, maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): FrameChannel {
  const frameListeners: ((frame: string) => void)[] = [];
  const oversizedListeners: ((bytes: number) => void)[] = [];
  const closeListeners: ((reason: string) => void)[] = [];
  let closed = false;
  const fireClose = (reason: string): void => {
    if (closed) return;
    closed = true;
    for (const l of closeListeners) l(reason);
  };

  socket.addEventListener('message', (event) => {
    const text = typeof event.data === 'string' ? event.data : String(event.data);
    if (exceedsFrameLimit(text, maxFrameBytes)) {
      for (const l of oversizedListeners) l(text.length);
      return;
    }
    for (const l of frameListeners) l(text);
  });
  socket.addEventListener('close', (event) => fireClose(event.reason || `closed with code ${event.code}`));
  socket.addEventListener('error', () => fireClose('connection error'));

  return {
    send(frame) {
      if (closed || socket.readyState !== OPEN) throw new Error('socket is not open');
      socket.send(frame);
    },
    onFrame: (l) => void frameListeners.push(l),
    onOversized: (l) => void oversizedListeners.push(l),
    onClose: (l) => void closeListeners.push(l),
    close() {
      socket.close(1000, 'closed by client');
      fireClose('closed locally');
    },
  };
}
