import type { CatalogBuilder, CategoryRow, EncodedChannelRow } from '../catalog/catalog-builder';
import type { SecretDictionary } from '../catalog/url-template';
import type { WarningLog } from '../catalog/warnings';
import { IptvFailure } from '../iptv-failure';
import { binaryFailure, htmlPageFailure, sniffText, withHead, type OpenedSource } from '../net/byte-source';
import { readLines } from './line-reader';
import { M3uRows, MAX_LINE_CHARS, type M3uRowBatch } from './m3u-rows';
import { parseM3uInWorker } from './m3u-worker-run';

interface EncodedBatch {
  readonly categories: readonly CategoryRow[];
  readonly rows: readonly EncodedChannelRow[];
}

export interface M3uImportOptions {
  readonly maxChannels: number;
  /** The built M3U worker (parse off the main thread); null parses inline (running from sources). */
  readonly workerFile: string | null;
  readonly signal?: AbortSignal;
}

/**
 * Stream a playlist into a new catalog generation: channel keys that survive refreshes, groups
 * as categories, stream URLs and headers as templates (credentials into `dictionary`).
 * Returns the playlist's own EPG links (`url-tvg` / `x-tvg-url`).
 */
export async function importM3u(
  source: OpenedSource,
  builder: CatalogBuilder,
  dictionary: SecretDictionary,
  warnings: WarningLog,
  options: M3uImportOptions,
): Promise<{ epgUrls: string[] }> {
  const { head, chunks } = await withHead(source.chunks);
  const kind = sniffText(head);
  if (kind === 'html') throw htmlPageFailure('a playlist', source.label);
  if (kind === 'binary') throw binaryFailure('an M3U playlist', source.label);
  const insert = async (batch: M3uRowBatch | EncodedBatch): Promise<void> => {
    for (const category of batch.categories) builder.declareCategory(category);
    for (const row of batch.rows) {
      if (builder.channelCount >= options.maxChannels) {
        throw new IptvFailure(
          'too-large',
          `The playlist has more than ${options.maxChannels.toLocaleString('en')} channels, the most one provider may hold.`,
        );
      }
      const flushed = 'info' in row ? builder.addEncoded(row) : builder.add(row);
      if (flushed) await flushed;
    }
  };
  let parsed: { epgUrls: string[]; sawHeader: boolean };
  if (options.workerFile !== null) {
    const done = await parseM3uInWorker(options.workerFile, chunks, { known: dictionary.known }, insert, options.signal);
    // The worker's dictionary and warnings, replayed in order into the caller's (both fresh).
    for (const secret of done.secrets) dictionary.placeholder(secret);
    warnings.absorb(done.warnings);
    parsed = done;
  } else {
    const rows = new M3uRows(warnings, dictionary);
    for await (const lines of readLines(chunks, MAX_LINE_CHARS)) await insert(rows.push(lines));
    rows.finish();
    parsed = rows;
  }
  if (builder.channelCount === 0) {
    const first = warnings.summary().examples[0];
    const detail = first ? ` First problem, line ${first.line}: ${first.message}.` : '';
    throw new IptvFailure(
      'empty',
      parsed.sawHeader
        ? `The playlist ${source.label} has no playable channel.${detail}`
        : `${source.label} is not an M3U playlist: no #EXTM3U header and no channel entry.${detail}`,
    );
  }
  return { epgUrls: parsed.epgUrls };
}
