import type { CategoryRow, ChannelRow } from '../catalog/catalog-builder';
import { publicLogo, streamFormat } from '../catalog/channel-fields';
import type { SecretDictionary } from '../catalog/url-template';
import type { WarningLog } from '../catalog/warnings';
import { checkFetchUrl, RememberedUrlChecks, type UrlCheck } from '../input-url';
import { ChannelKeys } from './channel-keys';
import type { TextLine } from './line-reader';
import { M3uParser, type M3uEntry } from './m3u-parser';

/** Lines longer than this are skipped: URLs with long tokens fit, a runaway binary line does not. */
export const MAX_LINE_CHARS = 64 * 1024;

/** The catalog rows of a batch of lines, with the categories they meet first (declare those first). */
export interface M3uRowBatch {
  readonly categories: CategoryRow[];
  readonly rows: ChannelRow[];
}

/**
 * Lines → catalog rows: parse, channel keys that survive refreshes, groups as categories, stream
 * URLs and headers as templates (credentials into the dictionary). The CPU-heavy half of an
 * import, run in the M3U worker (or inline when no worker was built).
 */
export class M3uRows {
  readonly #parser: M3uParser;
  readonly #dictionary: SecretDictionary;
  readonly #keys = new ChannelKeys();
  readonly #categories = new Set<string>();
  readonly #logoChecks = new RememberedUrlChecks(checkFetchUrl);
  readonly #checkLogo = (raw: string): UrlCheck => this.#logoChecks.check(raw);

  constructor(warnings: WarningLog, dictionary: SecretDictionary) {
    this.#parser = new M3uParser(warnings);
    this.#dictionary = dictionary;
  }

  get sawHeader(): boolean {
    return this.#parser.sawHeader;
  }

  get epgUrls(): string[] {
    return this.#parser.epgUrls;
  }

  push(lines: readonly TextLine[]): M3uRowBatch {
    const batch: M3uRowBatch = { categories: [], rows: [] };
    for (const line of lines) {
      const entry = this.#parser.push(line);
      if (entry) batch.rows.push(this.#rowOf(entry, batch.categories));
    }
    return batch;
  }

  finish(): void {
    this.#parser.finish();
  }

  #rowOf(entry: M3uEntry, newCategories: CategoryRow[]): ChannelRow {
    let categoryKey: string | null = null;
    if (entry.group !== null) {
      categoryKey = this.#keys.category(entry.group);
      if (!this.#categories.has(categoryKey)) {
        this.#categories.add(categoryKey);
        newCategories.push({ key: categoryKey, name: entry.group });
      }
    }
    const dictionary = this.#dictionary;
    const stream: { u: string; h?: Record<string, string>; c?: string } = { u: dictionary.templateUrl(entry.url) };
    if (entry.headers.size > 0) {
      const headers: Record<string, string> = {};
      for (const [name, value] of entry.headers) headers[name] = dictionary.templateHeader(name, value);
      stream.h = headers;
    }
    if (entry.catchup?.source) stream.c = dictionary.templateUrl(entry.catchup.source);
    return {
      key: this.#keys.next(entry),
      name: entry.name,
      categoryKey,
      number: entry.number,
      logo: publicLogo(entry.logo, this.#checkLogo),
      tvgId: entry.tvgId,
      epgKey: entry.tvgId?.toLowerCase() ?? null,
      format: streamFormat(entry.url),
      catchupDays: entry.catchup?.days ?? null,
      stream,
    };
  }
}
