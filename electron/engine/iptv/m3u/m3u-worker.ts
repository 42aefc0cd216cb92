/**
 * The M3U worker's entry (built as out/main/iptv-m3u-worker.js): it downloads and parses a
 * playlist and templates its URLs on a second core while the main thread writes the rows it
 * sends into SQLite, so parsing and inserting 100,000 channels overlap.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CategoryRow, ChannelRow, ChannelSink } from '../catalog/catalog-builder';
import { SecretDictionary } from '../catalog/url-template';
import { WarningLog } from '../catalog/warnings';
import { IptvFailure } from '../iptv-failure';
import { openByteSource } from '../net/byte-source';
import { importM3u } from './m3u-import';
import type { M3uJob, M3uWorkerMessage } from './m3u-job';

const BATCH = 2500;
/** Batches sent and not yet written by the main thread: bounds the memory between the two. */
const IN_FLIGHT = 2;

/** Collects rows and categories and sends them in batches, waiting for acks. */
class WorkerSink implements ChannelSink {
  #count = 0;
  #rows: ChannelRow[] = [];
  #categories: CategoryRow[] = [];
  readonly #declared = new Set<string>();
  #unacked = 0;
  #waiting: (() => void) | null = null;

  constructor(private readonly port: NonNullable<typeof parentPort>) {
    port.on('message', () => {
      this.#unacked--;
      this.#waiting?.();
      this.#waiting = null;
    });
  }

  get channelCount(): number {
    return this.#count;
  }

  declareCategory(category: CategoryRow): void {
    if (this.#declared.has(category.key)) return;
    this.#declared.add(category.key);
    this.#categories.push(category);
  }

  add(row: ChannelRow): Promise<void> | null {
    this.#count++;
    this.#rows.push(row);
    return this.#rows.length >= BATCH ? this.flush() : null;
  }

  async flush(): Promise<void> {
    if (this.#rows.length === 0 && this.#categories.length === 0) return;
    const message: M3uWorkerMessage = { type: 'rows', categories: this.#categories, rows: this.#rows };
    this.#rows = [];
    this.#categories = [];
    this.port.postMessage(message);
    this.#unacked++;
    if (this.#unacked >= IN_FLIGHT) await new Promise<void>((resolve) => (this.#waiting = resolve));
  }
}

async function run(port: NonNullable<typeof parentPort>, job: M3uJob): Promise<M3uWorkerMessage> {
  const sink = new WorkerSink(port);
  const dictionary = new SecretDictionary(job.knownSecrets);
  const warnings = new WarningLog();
  const opened = await openByteSource(job.source, {
    userAgent: job.userAgent,
    maxBytes: job.maxBytes,
    what: 'The playlist',
    policy: job.policy,
    secrets: job.knownSecrets,
  });
  const { epgUrls } = await importM3u(opened, sink, dictionary, warnings, { maxChannels: job.maxChannels });
  await sink.flush();
  return { type: 'done', epgUrls, secrets: [...dictionary.values], warnings: warnings.summary() };
}

const port = parentPort;
if (port) {
  run(port, workerData as M3uJob).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => {
      const failure =
        error instanceof IptvFailure
          ? error
          : new IptvFailure('internal', `The playlist reader failed: ${String(error).slice(0, 200)}`);
      const reply: M3uWorkerMessage = { type: 'failed', code: failure.code, message: failure.message };
      port.postMessage(reply);
    },
  );
}
