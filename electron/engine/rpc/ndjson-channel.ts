import type { Duplex } from 'node:stream';
import { DEFAULT_MAX_FRAME_BYTES, type FrameChannel } from '@shared/rpc/protocol';

/**
 * Newline-delimited JSON frames over any duplex byte stream (an SSH channel, a Unix socket,
 * a child's stdio). A line longer than the limit is discarded as it arrives — never buffered
 * whole — and reported through `onOversized`; the stream stays usable.
 */
export function ndjsonChannel(stream: Duplex, maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): FrameChannel {
  const frameListeners: ((frame: string) => void)[] = [];
  const oversizedListeners: ((bytes: number) => void)[] = [];
  const closeListeners: ((reason: string) => void)[] = [];
  let chunks: Buffer[] = [];
  let buffered = 0;
  let discarding = 0; // bytes dropped of the current oversized line, 0 when not discarding
  let closed = false;

  const emitLine = (line: Buffer): void => {
    const text = line.toString('utf8').replace(/\r$/, '');
    if (text.trim() === '') return;
    for (const l of frameListeners) l(text);
  };

  stream.on('data', (data: Buffer | string) => {
    let chunk = typeof data === 'string' ? Buffer.from(data) : data;
    for (;;) {
      const nl = chunk.indexOf(0x0a);
      if (nl === -1) {
        if (discarding) discarding += chunk.length;
        else if (buffered + chunk.length > maxFrameBytes) {
          discarding = buffered + chunk.length;
          chunks = [];
          buffered = 0;
        } else {
          chunks.push(chunk);
          buffered += chunk.length;
        }
        return;
      }
      const head = chunk.subarray(0, nl);
      chunk = chunk.subarray(nl + 1);
      if (discarding) {
        const total = discarding + head.length;
        discarding = 0;
        for (const l of oversizedListeners) l(total);
      } else if (buffered + head.length > maxFrameBytes) {
        const total = buffered + head.length;
        chunks = [];
        buffered = 0;
        for (const l of oversizedListeners) l(total);
      } else {
        const line = chunks.length ? Buffer.concat([...chunks, head]) : head;
        chunks = [];
        buffered = 0;
        emitLine(line);
      }
    }
  });

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
  };
}
