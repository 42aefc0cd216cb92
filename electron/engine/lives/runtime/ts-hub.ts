import type { Writable } from 'node:stream';

/** Per-output buffer bound: ~2 s of a 8 Mb/s stream. Beyond it the slow output loses chunks. */
export const DEFAULT_OUTPUT_BOUND_BYTES = 2 * 1024 * 1024;

interface Sink {
  readonly stream: Writable;
  dropped: number;
  written: number;
}

/**
 * Fans the source stage's MPEG-TS out to every output's stdin. It never waits for a slow
 * output: when one's buffer is over the bound, its chunks are dropped (and counted) so the
 * source and the other outputs keep their pace.
 */
export class TsHub {
  readonly #sinks = new Map<string, Sink>();

  constructor(private readonly boundBytes: number = DEFAULT_OUTPUT_BOUND_BYTES) {}

  attach(id: string, stream: Writable): void {
    // An output that dies makes its stdin error (EPIPE); the output's own supervisor handles it.
    stream.on('error', () => this.detach(id));
    this.#sinks.set(id, { stream, dropped: 0, written: 0 });
  }

  detach(id: string): void {
    this.#sinks.delete(id);
  }

  has(id: string): boolean {
    return this.#sinks.has(id);
  }

  write(chunk: Buffer): void {
    for (const sink of this.#sinks.values()) {
      const { stream } = sink;
      if (stream.destroyed || stream.writableEnded) continue;
      if (stream.writableLength > this.boundBytes) {
        sink.dropped += chunk.length;
        continue;
      }
      stream.write(chunk);
      sink.written += chunk.length;
    }
  }

  /** Bytes dropped for a slow output so far. */
  droppedBytes(id: string): number {
    return this.#sinks.get(id)?.dropped ?? 0;
  }

  writtenBytes(id: string): number {
    return this.#sinks.get(id)?.written ?? 0;
  }
}
