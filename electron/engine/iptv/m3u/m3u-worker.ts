/**
 * The M3U worker's entry (a worker_threads script, built as out/main/iptv-m3u-worker.js): it
 * turns the playlist's bytes, posted chunk by chunk, into catalog rows while the main thread
 * writes the previous chunk's rows into SQLite, so parsing and inserting use two cores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { encodeChannelRow } from '../catalog/catalog-builder';
import { SecretDictionary } from '../catalog/url-template';
import { WarningLog } from '../catalog/warnings';
import { IptvFailure } from '../iptv-failure';
import { LineSplitter } from './line-reader';
import type { M3uJob, M3uReply, M3uRequest } from './m3u-job';
import { M3uRows, MAX_LINE_CHARS, type M3uRowBatch } from './m3u-rows';

const port = parentPort;
if (port) {
  const job = workerData as M3uJob;
  const warnings = new WarningLog();
  const dictionary = new SecretDictionary(job.known);
  const rows = new M3uRows(warnings, dictionary);
  const lines = new LineSplitter(MAX_LINE_CHARS);
  const reply = (message: M3uReply): void => port.postMessage(message);
  // Rows leave encoded (the info JSON built here): less to clone, and no JSON.stringify on the main thread.
  const send = (batch: M3uRowBatch): void =>
    reply({ type: 'rows', categories: batch.categories, rows: batch.rows.map(encodeChannelRow) });
  port.on('message', (request: M3uRequest) => {
    try {
      if (request.type === 'chunk') {
        send(rows.push(lines.push(request.bytes)));
        return;
      }
      const last = rows.push(lines.end());
      rows.finish();
      if (last.rows.length > 0) send(last);
      reply({
        type: 'done',
        epgUrls: rows.epgUrls,
        sawHeader: rows.sawHeader,
        warnings: warnings.summary(),
        secrets: dictionary.values,
      });
    } catch (error) {
      const failure =
        error instanceof IptvFailure
          ? error
          : new IptvFailure('internal', `The playlist reader failed: ${String(error).slice(0, 200)}`);
      reply({ type: 'failed', code: failure.code, message: failure.message });
      port.close();
    }
  });
}
