import type { WarningLog } from '../catalog/warnings';
import { checkStreamUrl, RememberedUrlChecks } from '../input-url';
import { parseExtinf, parseHeader, parseVlcOption, splitStreamLine } from './extinf';
import type { TextLine } from './line-reader';

/** Longer stream URLs are skipped (tokens of a few KB are common; 16 KB is not a URL any more). */
export const MAX_STREAM_URL_CHARS = 16 * 1024;

export interface M3uCatchup {
  readonly type: string | null;
  readonly days: number | null;
  readonly source: string | null;
}

/** One channel of a playlist, as written (URL and headers still hold any credentials). */
export interface M3uEntry {
  readonly line: number;
  readonly name: string;
  readonly tvgId: string | null;
  readonly tvgName: string | null;
  readonly logo: string | null;
  readonly group: string | null;
  readonly number: number | null;
  readonly catchup: M3uCatchup | null;
  readonly url: string;
  /** Lower-case header name → value (#EXTVLCOPT and the `|…` suffix). */
  readonly headers: ReadonlyMap<string, string>;
}

interface Pending {
  line: number;
  attributes: ReadonlyMap<string, string>;
  title: string | null;
}

/**
 * Extended M3U, one line at a time: `#EXTM3U` (EPG links), `#EXTINF`, `#EXTGRP`, `#EXTVLCOPT`
 * and the stream URL that ends each entry. Lenient like players (a missing header, a bare URL
 * without #EXTINF), but every line it had to skip or guess is recorded in `warnings`.
 */
export class M3uParser {
  readonly epgUrls: string[] = [];
  #pending: Pending | null = null;
  #group: string | null = null;
  #headers = new Map<string, string>();
  #sawHeader = false;
  readonly #warnings: WarningLog;
  readonly #streamChecks = new RememberedUrlChecks(checkStreamUrl);

  constructor(warnings: WarningLog) {
    this.#warnings = warnings;
  }

  get sawHeader(): boolean {
    return this.#sawHeader;
  }

  push(line: TextLine): M3uEntry | null {
    if (line.tooLong) {
      this.#warnings.add(line.n, 'line too long, skipped');
      return null;
    }
    const text = line.text.trim();
    if (text === '') return null;
    if (text.charCodeAt(0) === 35 /* # */) {
      this.#directive(text, line.n);
      return null;
    }
    return this.#streamLine(text, line.n);
  }

  /** The end of the document: an #EXTINF still waiting for its URL is reported. */
  finish(): void {
    if (this.#pending) this.#warnings.add(this.#pending.line, '#EXTINF without a stream URL after it, skipped');
    this.#pending = null;
  }

  #directive(text: string, n: number): void {
    const upper = text.slice(0, 11).toUpperCase();
    if (upper.startsWith('#EXTM3U')) {
      this.#sawHeader = true;
      const attributes = parseHeader(text.slice(7));
      for (const key of ['url-tvg', 'x-tvg-url', 'tvg-url']) {
        for (const url of (attributes.get(key) ?? '').split(',')) {
          const trimmed = url.trim();
          if (trimmed !== '' && !this.epgUrls.includes(trimmed)) this.epgUrls.push(trimmed);
        }
      }
    } else if (upper.startsWith('#EXTINF:')) {
      if (this.#pending) this.#warnings.add(this.#pending.line, '#EXTINF without a stream URL after it, skipped');
      const parsed = parseExtinf(text.slice(8));
      if (parsed.problem) this.#warnings.add(n, `#EXTINF read partly: ${parsed.problem}`);
      this.#pending = { line: n, attributes: parsed.attributes, title: parsed.title };
    } else if (upper.startsWith('#EXTGRP:')) {
      this.#group = text.slice(8).trim() || null;
    } else if (upper.startsWith('#EXTVLCOPT:')) {
      const header = parseVlcOption(text.slice(11));
      if (header) this.#headers.set(header[0], header[1]);
    }
    // Other directives (#KODIPROP, #EXT-X-…, comments) carry nothing the catalog keeps.
  }

  #streamLine(text: string, n: number): M3uEntry | null {
    const pending = this.#pending;
    const vlcHeaders = this.#headers;
    const group = this.#group;
    this.#pending = null;
    if (vlcHeaders.size > 0) this.#headers = new Map();
    this.#group = null;
    const { url, headers } = splitStreamLine(text);
    if (url.length > MAX_STREAM_URL_CHARS) {
      this.#warnings.add(n, `stream URL longer than ${MAX_STREAM_URL_CHARS} characters, skipped`);
      return null;
    }
    const checked = this.#streamChecks.check(url);
    if (!checked.ok) {
      this.#warnings.add(n, `stream URL refused: ${checked.reason}`);
      return null;
    }
    const attributes = pending?.attributes ?? new Map<string, string>();
    const attr = (key: string): string | null => {
      const value = attributes.get(key)?.trim();
      return value ? value : null;
    };
    const tvgName = attr('tvg-name');
    const name = pending?.title ?? tvgName ?? nameFromUrl(url);
    if (!pending) this.#warnings.add(n, 'stream URL without #EXTINF, named after its address');
    const number = Number.parseInt(attr('tvg-chno') ?? attr('channel-number') ?? '', 10);
    return {
      line: n,
      name,
      tvgId: attr('tvg-id'),
      tvgName,
      logo: attr('tvg-logo') ?? attr('logo'),
      group: attr('group-title') ?? group,
      number: Number.isSafeInteger(number) ? number : null,
      catchup: catchupOf(attr),
      url,
      headers: vlcHeaders.size === 0 ? headers : headers.size === 0 ? vlcHeaders : new Map([...vlcHeaders, ...headers]),
    };
  }
}

function catchupOf(attr: (key: string) => string | null): M3uCatchup | null {
  const type = attr('catchup') ?? attr('catchup-type');
  const daysText = attr('catchup-days') ?? attr('tvg-rec') ?? attr('timeshift');
  const source = attr('catchup-source');
  if (type === null && daysText === null && source === null) return null;
  const days = Number.parseInt(daysText ?? '', 10);
  return { type, days: Number.isSafeInteger(days) && days > 0 ? days : null, source };
}

function nameFromUrl(raw: string): string {
  const url = URL.parse(raw);
  const last = url?.pathname
    .split('/')
    .filter((s) => s !== '')
    .at(-1);
  return last ? decodeURIComponentSafe(last).slice(0, 120) : (url?.hostname ?? 'Channel');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
