import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IptvFailure } from '../iptv-failure';
import type { M3uJob, M3uReply, M3uRequest } from './m3u-job';
import type { CategoryRow, EncodedChannelRow } from '../catalog/catalog-builder';

/** The built worker script's name (electron.vite.config.ts builds it beside the engine's entries). */
export const M3U_WORKER_FILE = 'iptv-m3u-worker.js';

/**
 * Chunks posted and not yet answered: enough that the worker always has the next one to parse
 * while the main thread inserts, few enough that memory stays a few chunks' worth.
 */
const MAX_IN_FLIGHT = 3;

/** The worker's heap ceiling: parse state is a few chunks and the key/URL caches. */
const WORKER_HEAP_MB = 96;

/** Where the built M3U worker is (see defaultEpgWorkerFile); null when running from sources. */
export function defaultM3uWorkerFile(): string | null {
  for (const candidate of [`./${M3U_WORKER_FILE}`, `../${M3U_WORKER_FILE}`]) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(file)) return file;
  }
  return null;
}

export type M3uDone = M3uReply & { type: 'done' };

/**
 * Parse a playlist in a worker thread: its chunks go to the worker, at most MAX_IN_FLIGHT
 * ahead, and each answered batch of rows is handed to `onBatch` (awaited) while the worker
 * parses the next chunks. Cancelling (`signal`) or any failure terminates the worker.
 */
export async function parseM3uInWorker(
  workerFile: string,
  chunks: AsyncIterable<Uint8Array>,
  job: M3uJob,
  onBatch: (batch: { categories: CategoryRow[]; rows: EncodedChannelRow[] }) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<M3uDone> {
  const worker = new Worker(workerFile, {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32 },
  });
  const replies = new ReplyQueue(worker, signal);
  const source = chunks[Symbol.asyncIterator]();
  const send = (request: M3uRequest, transfer: ArrayBuffer[] = []): void => worker.postMessage(request, transfer);
  try {
    let inFlight = 0;
    let ended = false;
    for (;;) {
      while (!ended && inFlight < MAX_IN_FLIGHT) {
        // Raced with the worker's failure and the cancel: a stalled download must not hold them up.
        const next = await replies.race(source.next());
        if (next.done) {
          send({ type: 'end' });
          ended = true;
        } else {
          // A copy the worker owns (file and socket buffers are slices of shared pools).
          const bytes = Uint8Array.prototype.slice.call(next.value);
          send({ type: 'chunk', bytes }, [bytes.buffer as ArrayBuffer]);
          inFlight++;
        }
      }
      const reply = await replies.next();
      if (reply.type === 'done') return reply;
      if (reply.type === 'failed') throw new IptvFailure(reply.code, reply.message);
      inFlight--;
      await onBatch(reply);
    }
  } finally {
    replies.stop();
    void worker.terminate();
    source.return?.().catch(() => undefined);
  }
}

/** The worker's replies in order; its crash, exit or the caller's cancel become a rejection. */
class ReplyQueue {
  readonly #queue: M3uReply[] = [];
  #failure: IptvFailure | null = null;
  /** The pending `race`'s reject. */
  #raceReject: ((failure: IptvFailure) => void) | null = null;
  #wake: (() => void) | null = null;
  readonly #signal: AbortSignal | undefined;
  readonly #abort = (): void => this.#fail(new IptvFailure('internal', 'The refresh was cancelled.'));

  constructor(worker: Worker, signal: AbortSignal | undefined) {
    this.#signal = signal;
    if (signal?.aborted) this.#abort();
    signal?.addEventListener('abort', this.#abort, { once: true });
    worker.on('message', (reply: M3uReply) => {
      this.#queue.push(reply);
      this.#wakeUp();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      this.#fail(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new IptvFailure('too-large', `The playlist needed more than ${WORKER_HEAP_MB} MB of memory to read and was stopped.`)
          : new IptvFailure('internal', 'The playlist reader stopped unexpectedly. See the engine log for details.'),
      );
    });
    worker.on('exit', (code) =>
      this.#fail(new IptvFailure('internal', `The playlist reader exited (code ${code}) without an answer.`)),
    );
  }

  /**
   * `work`, or the first failure if it comes first. Not Promise.race with one long-lived promise:
   * each race would leave a reaction on it holding its result (every chunk: ≈ 200 MB seen).
   */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise<T>((resolve, reject) => {
      this.#raceReject = reject;
      work.then(
        (value) => {
          this.#raceReject = null;
          resolve(value);
        },
        (error: unknown) => {
          this.#raceReject = null;
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  async next(): Promise<M3uReply> {
    for (;;) {
      const reply = this.#queue.shift();
      if (reply) return reply;
      if (this.#failure) throw this.#failure;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  stop(): void {
    this.#signal?.removeEventListener('abort', this.#abort);
  }

  #fail(failure: IptvFailure): void {
    this.#failure ??= failure;
    this.#raceReject?.(this.#failure);
    this.#wakeUp();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
