import { Worker } from 'node:worker_threads';

// CommonJS, run with `eval`: no separate file to ship or locate inside the app's archive.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
const hash = createHash('sha256');
createReadStream(workerData.file, { highWaterMark: 1 << 20 })
  .on('data', (chunk) => hash.update(chunk))
  .on('error', (error) => parentPort.postMessage({ error: error.message }))
  .on('end', () => parentPort.postMessage({ hex: hash.digest('hex') }));
`;

export interface HashJob {
  readonly result: Promise<string>;
  /** Stop hashing (the upload was cancelled or failed). */
  cancel(): void;
}

/**
 * The SHA-256 of a local file, computed on a worker thread: hashing a large file takes seconds
 * of CPU, which Electron main must not spend (every IPC call and SSH channel would wait).
 */
export function sha256OfFile(file: string): HashJob {
  const worker = new Worker(WORKER, { eval: true, workerData: { file } });
  const result = new Promise<string>((resolve, reject) => {
    worker.once('message', (message: { hex?: string; error?: string }) => {
      if (message.hex) resolve(message.hex);
      else reject(new Error(`${file} could not be read: ${message.error ?? 'unknown error'}`));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', () => reject(new Error('hashing stopped')));
  });
  result.catch(() => undefined); // a cancelled job is not an unhandled rejection
  return { result, cancel: () => void worker.terminate() };
}
