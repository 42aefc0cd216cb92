import diagnostics from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledM3uWorker } from '../../../../tests/support/iptv/epg-worker-bundle';
import { waitFor } from '../../../../tests/support/wait-for';
import { openDatabase } from '../../storage/database';
import { CatalogBuilder } from '../catalog/catalog-builder';
import { SecretDictionary } from '../catalog/url-template';
import { WarningLog } from '../catalog/warnings';
import type { OpenedSource } from '../net/byte-source';
import { importM3u } from './m3u-import';

/** Every kind of line the parser treats specially, then enough channels for several batches. */
function playlist(channels: number): string {
  const lines = [
    '#EXTM3U url-tvg="http://epg.example/guide.xml"',
    '#EXTINF:-1 tvg-id="One.fr" tvg-chno=7 group-title="News" tvg-logo="http://logo.example/1.png",One',
    '#EXTVLCOPT:http-user-agent=Foo/1.0',
    'http://provider.example:8080/live/user1/s3cretpw/1.ts',
    '#EXTINF:-1,No URL after me',
    '#EXTINF:-1 group-title="Sport",Two',
    'http://provider.example:8080/live/user1/s3cretpw/2.m3u8|Referer=http://ref.example/',
    'ftp://refused.example/x',
    '#EXTGRP:Films',
    '#EXTINF:-1 catchup-days="3" catchup-source="http://provider.example/ts?token=abcdef123456",Three',
    'http://provider.example:8080/live/user1/s3cretpw/3.ts',
    'http://bare.example/path/Bare%20Name.ts',
  ];
  for (let i = 0; i < channels; i++) {
    lines.push(`#EXTINF:-1 tvg-id="c${i}" group-title="Group ${i % 13}",Channel ${i} é`);
    lines.push(`http://provider.example:8080/live/user1/s3cretpw/${1000 + i}.ts`);
  }
  return `${lines.join('\r\n')}\r\n#EXTINF:-1,Last without URL`;
}

/** The text in small chunks, so lines (and UTF-8 characters) straddle chunk boundaries. */
function sourceOf(text: string, chunkBytes = 4093): OpenedSource {
  const bytes = Buffer.from(text);
  return {
    label: 'test.m3u',
    contentType: null,
    chunks: (async function* () {
      for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
    })(),
  };
}

let dir: string;
let db: DatabaseSync;
let workerFile: string;
let generation = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lm-m3u-worker-'));
  db = openDatabase({ dataDir: dir, migrations: [] });
  workerFile = await bundledM3uWorker();
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function importWith(
  file: string | null,
  source: OpenedSource,
  options: { maxChannels?: number; signal?: AbortSignal } = {},
) {
  const builder = new CatalogBuilder(db, 1, ++generation);
  const dictionary = new SecretDictionary(['s3cretpw']);
  const warnings = new WarningLog();
  const { epgUrls } = await importM3u(source, builder, dictionary, warnings, {
    maxChannels: options.maxChannels ?? 100_000,
    workerFile: file,
    signal: options.signal,
  });
  await builder.finish();
  return {
    epgUrls,
    channels: db.prepare(`SELECT * FROM ${builder.tables.channels} ORDER BY id`).all(),
    categories: db.prepare(`SELECT * FROM ${builder.tables.categories} ORDER BY id`).all(),
    warnings: warnings.summary(),
    secrets: [...dictionary.values],
  };
}

describe('M3U import in a worker thread', () => {
  it('gives the same channels, categories, warnings, secrets and EPG links as parsing on the main thread', async () => {
    const text = playlist(6000);
    const inWorker = await importWith(workerFile, sourceOf(text));
    const inline = await importWith(null, sourceOf(text));
    expect(inWorker).toEqual(inline);
    expect(inWorker.channels).toHaveLength(6004);
    expect(inWorker.categories.length).toBe(16);
    expect(inWorker.epgUrls).toEqual(['http://epg.example/guide.xml']);
    expect(inWorker.warnings.count).toBe(4);
    expect(inWorker.warnings.examples.map((w) => w.line)).toEqual([5, 8, 12, 12_013]);
    expect(inWorker.secrets).toContain('s3cretpw');
    expect(JSON.stringify(inWorker.channels)).not.toContain('s3cretpw');
  });

  it('stops at the channel limit and names what is not a playlist, as inline', async () => {
    await expect(importWith(workerFile, sourceOf(playlist(50)), { maxChannels: 20 })).rejects.toMatchObject({
      code: 'too-large',
      message: 'The playlist has more than 20 channels, the most one provider may hold.',
    });
    await expect(importWith(workerFile, sourceOf('hello\nworld\n'))).rejects.toMatchObject({
      code: 'empty',
      message: expect.stringMatching(
        /^test\.m3u is not an M3U playlist: no #EXTM3U header and no channel entry\. First problem, line 1: stream URL/,
      ),
    });
  });

  it('a cancel ends the import and terminates the worker, even with the download stalled', async () => {
    // Node announces every new Worker on this built-in channel: the test sees the import's own.
    const workers: Worker[] = [];
    const exited: number[] = [];
    const onWorker = (message: unknown): void => {
      const { worker } = message as { worker: Worker };
      workers.push(worker);
      worker.on('exit', (code) => exited.push(code));
    };
    diagnostics.subscribe('worker_threads', onWorker);
    try {
      const controller = new AbortController();
      const first = Buffer.from(playlist(100));
      const stalled: OpenedSource = {
        label: 'stalled.m3u',
        contentType: null,
        chunks: (async function* () {
          yield first;
          await new Promise(() => undefined);
        })(),
      };
      const running = importWith(workerFile, stalled, { signal: controller.signal });
      running.catch(() => undefined);
      await waitFor(() => workers.length === 1, { timeoutMs: 10_000, what: 'the worker thread' });
      controller.abort();
      await expect(running).rejects.toMatchObject({ message: 'The refresh was cancelled.' });
      await waitFor(() => exited.length === 1, { timeoutMs: 10_000, what: 'the worker thread to end' });
    } finally {
      diagnostics.unsubscribe('worker_threads', onWorker);
    }
  });
});
