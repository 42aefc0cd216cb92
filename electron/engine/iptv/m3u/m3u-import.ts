import type { CatalogBuilder } from '../catalog/catalog-builder';
import type { SecretDictionary } from '../catalog/url-template';
import type { WarningLog } from '../catalog/warnings';
import { IptvFailure } from '../iptv-failure';
import { binaryFailure, htmlPageFailure, sniffText, withHead, type OpenedSource } from '../net/byte-source';
import { checkFetchUrl, RememberedUrlChecks, type UrlCheck } from '../input-url';
import { ChannelKeys } from './channel-keys';
import { readLines } from './line-reader';
import { M3uParser, type M3uEntry } from './m3u-parser';
import { publicLogo, streamFormat } from '../catalog/channel-fields';

/** Lines longer than this are skipped: URLs with long tokens fit, a runaway binary line does not. */
const MAX_LINE_CHARS = 64 * 1024;

export interface M3uImportOptions {
  readonly maxChannels: number;
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
  const parser = new M3uParser(warnings);
  const keys = new ChannelKeys();
  const logoChecks = new RememberedUrlChecks(checkFetchUrl);
  const checkLogo = (raw: string) => logoChecks.check(raw);
  for await (const lines of readLines(chunks, MAX_LINE_CHARS)) {
    for (const line of lines) {
      const entry = parser.push(line);
      if (!entry) continue;
      if (builder.channelCount >= options.maxChannels) {
        throw new IptvFailure(
          'too-large',
          `The playlist has more than ${options.maxChannels.toLocaleString('en')} channels, the most one provider may hold.`,
        );
      }
      const flushed = builder.add(rowOf(entry, keys, builder, dictionary, checkLogo));
      if (flushed) await flushed;
    }
  }
  parser.finish();
  if (builder.channelCount === 0) {
    const first = warnings.summary().examples[0];
    const detail = first ? ` First problem, line ${first.line}: ${first.message}.` : '';
    throw new IptvFailure(
      'empty',
      parser.sawHeader
        ? `The playlist ${source.label} has no playable channel.${detail}`
        : `${source.label} is not an M3U playlist: no #EXTM3U header and no channel entry.${detail}`,
    );
  }
  return { epgUrls: parser.epgUrls };
}

function rowOf(
  entry: M3uEntry,
  keys: ChannelKeys,
  builder: CatalogBuilder,
  dictionary: SecretDictionary,
  checkLogo: (raw: string) => UrlCheck,
) {
  let categoryKey: string | null = null;
  if (entry.group !== null) {
    categoryKey = keys.category(entry.group);
    builder.declareCategory({ key: categoryKey, name: entry.group });
  }
  const stream: { u: string; h?: Record<string, string>; c?: string } = { u: dictionary.templateUrl(entry.url) };
  if (entry.headers.size > 0) {
    const headers: Record<string, string> = {};
    for (const [name, value] of entry.headers) headers[name] = dictionary.templateHeader(name, value);
    stream.h = headers;
  }
  if (entry.catchup?.source) stream.c = dictionary.templateUrl(entry.catchup.source);
  return {
    key: keys.next(entry),
    name: entry.name,
    categoryKey,
    number: entry.number,
    logo: publicLogo(entry.logo, checkLogo),
    tvgId: entry.tvgId,
    epgKey: entry.tvgId?.toLowerCase() ?? null,
    format: streamFormat(entry.url),
    catchupDays: entry.catchup?.days ?? null,
    stream,
  };
}
