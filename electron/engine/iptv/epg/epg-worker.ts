/**
 * The EPG worker's entry (a worker_threads script, built as out/main/iptv-epg-worker.js): it
 * downloads and parses XMLTV guides off the engine's main thread and writes them straight into
 * a new EPG generation through its own database connection. The main thread swaps it in.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { IptvFailure } from '../iptv-failure';
import { binaryFailure, htmlPageFailure, openByteSource, sniffText, withHead } from '../net/byte-source';
import type { EpgJob, EpgReply, EpgSourceProblem } from './epg-job';
import { EpgWriter } from './epg-writer';
import { XmltvReader } from './xmltv-reader';

async function run(job: EpgJob): Promise<EpgReply> {
  const db = new DatabaseSync(job.dbPath);
  db.exec('PRAGMA busy_timeout = 5000');
  const writer = new EpgWriter(db, job.seq, job.generation);
  const problems: EpgSourceProblem[] = [];
  let skipped = 0;
  try {
    for (const source of job.sources) {
      const label = 'file' in source ? source.file : 'EPG';
      const mark = writer.mark();
      try {
        skipped += await readGuide(job, source, writer);
      } catch (error) {
        if (!(error instanceof IptvFailure)) throw error;
        // A broken guide leaves none of its programmes behind: the batches written so far go.
        writer.discardSince(mark);
        problems.push({ label, code: error.code, message: error.message });
      }
    }
    if (problems.length === job.sources.length && problems[0]) {
      return { type: 'failed', code: problems[0].code, message: problems[0].message };
    }
    return { type: 'done', programmes: writer.finish(), skipped, problems };
  } finally {
    db.close();
  }
}

async function readGuide(job: EpgJob, source: EpgJob['sources'][number], writer: EpgWriter): Promise<number> {
  const opened = await openByteSource(source, {
    userAgent: job.userAgent,
    maxBytes: job.maxBytes,
    what: 'The EPG',
    policy: job.policy,
    secrets: job.secrets,
  });
  const { head, chunks } = await withHead(opened.chunks);
  const kind = sniffText(head);
  if (kind === 'html') throw htmlPageFailure('an XMLTV guide', opened.label);
  if (kind === 'binary') throw binaryFailure('an XMLTV guide', opened.label);
  const reader = new XmltvReader(job.window, (programme) => writer.add(programme));
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) reader.write(decoder.decode(chunk, { stream: true }));
  reader.write(decoder.decode());
  reader.close();
  return reader.skipped;
}

const port = parentPort;
if (port) {
  run(workerData as EpgJob).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => {
      const failure =
        error instanceof IptvFailure
          ? error
          : new IptvFailure('internal', `The EPG reader failed: ${String(error).slice(0, 200)}`);
      const reply: EpgReply = { type: 'failed', code: failure.code, message: failure.message };
      port.postMessage(reply);
    },
  );
}
