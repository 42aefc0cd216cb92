import { Worker } from 'node:worker_threads';
import type { ImportWarnings } from '@shared/contract/iptv';
import type { CatalogBuilder } from '../catalog/catalog-builder';
import { IptvFailure } from '../iptv-failure';
import type { M3uJob, M3uWorkerMessage } from './m3u-job';

const WORKER_HEAP_MB = 128;

export interface M3uWorkerResult {
  readonly epgUrls: string[];
  readonly secrets: string[];
  readonly warnings: ImportWarnings;
}

/**
 * Read a playlist in the M3U worker (download, parse, templating on a second core) while this
 * thread writes the rows it sends into `builder`, one batch at a time, acknowledging each so the
 * worker never runs more than two batches ahead.
 */
export function importM3uInWorker(
  workerFile: string,
  job: M3uJob,
  builder: CatalogBuilder,
  signal?: AbortSignal,
): Promise<M3uWorkerResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: job, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    let settled = false;
    let chain = Promise.resolve();
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      void worker.terminate();
      fn();
    };
    const abort = (): void => settle(() => reject(new IptvFailure('internal', 'The refresh was cancelled.')));
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: M3uWorkerMessage) => {
      chain = chain.then(async () => {
        if (settled) return;
        if (message.type === 'rows') {
          for (const category of message.categories) builder.declareCategory(category);
          for (const row of message.rows) {
            const flushed = builder.add(row);
            if (flushed) await flushed;
          }
          worker.postMessage('ack');
        } else if (message.type === 'done') {
          settle(() => resolve({ epgUrls: message.epgUrls, secrets: message.secrets, warnings: message.warnings }));
        } else {
          settle(() => reject(new IptvFailure(message.code, message.message)));
        }
      });
      chain.catch((error: unknown) => settle(() => reject(error)));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const failure =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new IptvFailure('too-large', `The playlist needed more than ${WORKER_HEAP_MB} MB of memory to read and was stopped.`)
          : new IptvFailure('internal', 'The playlist reader stopped unexpectedly. See the engine log for details.');
      settle(() => reject(failure));
    });
    worker.on('exit', (code) =>
      settle(() => reject(new IptvFailure('internal', `The playlist reader exited (code ${code}) without an answer.`))),
    );
  });
}
