import type { Duplex } from 'node:stream';
import { DEFAULT_MAX_FRAME_BYTES, type FrameChannel } from '@shared/rpc/protocol';

/**
 * Newline-delimited JSON frames over any duplex byte stream (an SSH channel, a Unix socket,
 * a child's stdio). A line longer than the limit is discarded as it arrives — never buffered
 * whole — and reported through `onOversized`; the stream stays usable. Reading can be paused:
 * the rest of the chunk in hand is kept (one chunk at most) and the stream stops flowing.
 */
export function ndjsonChannel(stream: Duplex, maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): FrameChannel {
  const frameListeners: ((frame: string) => void)[] = [];
  const oversizedListeners: ((bytes: number) => void)[] = [];
  const closeListeners: ((reason: string) => void)[] = [];
  let chunks: Buffer[] = [];
  let buffered = 0;
  // True from the moment the current line passed the limit until its newline: its bytes are
  // dropped as they arrive, so a huge line never sits in memory.
  let discarding = false;
  let closed = false;
  let paused = false;
  // Bytes read but not yet parsed because reading was paused in the middle of them.
  let held: Buffer | null = null;

  const emitLine = (line: Buffer): void => {
    const text = line.toString('utf8').replace(/\r$/, '');
    if (text.trim() === '') return;
    for (const l of frameListeners) l(text);
  };

  const consume = (data: Buffer): void => {
    let chunk = data;
    for (;;) {
      if (paused) {
        held = held ? Buffer.concat([held, chunk]) : chunk;
        return;
      }
      const nl = chunk.indexOf(0x0a);
      const head = nl === -1 ? chunk : chunk.subarray(0, nl);
      if (discarding) {
        // Still inside a refused line.
      } else if (buffered + head.length > maxFrameBytes) {
        // Report as soon as the limit is passed, not at the newline: the peer learns early.
        const seen = buffered + head.length;
        chunks = [];
        buffered = 0;
        discarding = true;
        for (const l of oversizedListeners) l(seen);
      } else if (nl === -1) {
        chunks.push(head);
        buffered += head.length;
      } else {
        const line = chunks.length ? Buffer.concat([...chunks, head]) : head;
        chunks = [];
        buffered = 0;
        emitLine(line);
      }
      if (nl === -1) return;
      discarding = false;
      chunk = chunk.subarray(nl + 1);
      if (chunk.length === 0) return;
    }
  };

  stream.on('data', (data: Buffer | string) => consume(typeof data === 'string' ? Buffer.from(data) : data));

  const fireClose = (reason: string): void => {
    if (closed) return;
    closed = true;
    for (const l of closeListeners) l(reason);
  };
  stream.on('end', () => fireClose('the other side ended the stream'));
  stream.on('close', () => fireClose('stream closed'));
  stream.on('error', (error) => fireClose(error.message));

  return {
    send(frame) {
      if (closed || stream.destroyed || !stream.writable) throw new Error('stream is closed');
      stream.write(frame + '\n');
    },
    onFrame: (l) => void frameListeners.push(l),
    onOversized: (l) => void oversizedListeners.push(l),
    onClose: (l) => void closeListeners.push(l),
    close() {
      stream.end();
      stream.destroy();
      fireClose('closed locally');
    },
    destroy(reason) {
      stream.destroy();
      fireClose(reason);
    },
    queuedBytes: () => stream.writableLength,
    onDrain: (l) => void stream.on('drain', l),
    pauseReading() {
      paused = true;
      stream.pause();
    },
    resumeReading() {
      if (!paused) return;
      paused = false;
      const rest = held;
      held = null;
      if (rest) consume(rest);
      // A frame listener may have paused again while the held bytes were parsed.
      if (!paused && !closed) stream.resume();
    },
  };
}
