import { redactSecrets } from '@shared/ffmpeg/redact';

/**
 * The pieces of an extended M3U line, read the way players do: `#EXTINF:-1 key="value" …,Title`
 * (quoted or bare values, commas allowed inside quotes), the `#EXTM3U` header's attributes, and
 * Kodi's `url|User-Agent=…&Referer=…` suffix.
 */
export interface ExtinfLine {
  readonly attributes: ReadonlyMap<string, string>;
  readonly title: string | null;
  /** Set when the attributes could not all be read (an unbalanced quote…). */
  readonly problem: string | null;
}

/** `#EXTINF:-1 tvg-id="a" group-title="News, 24h",Channel One` (the text after `#EXTINF:`). */
export function parseExtinf(rest: string): ExtinfLine {
  let i = 0;
  // Duration: up to the first space or comma.
  while (i < rest.length && rest[i] !== ' ' && rest[i] !== ',' && rest[i] !== '\t') i++;
  const { attributes, end, problem } = readAttributes(rest, i);
  if (rest[end] === ',') {
    const title = rest.slice(end + 1).trim();
    return { attributes, title: title === '' ? null : title, problem };
  }
  // No comma where the title should start: players take the text after the last comma.
  const comma = rest.lastIndexOf(',');
  const title = comma === -1 ? null : rest.slice(comma + 1).trim() || null;
  return { attributes, title, problem: problem ?? (comma === -1 ? 'no comma before the channel name' : null) };
}

/** `#EXTM3U url-tvg="…" x-tvg-url="…"` (the text after `#EXTM3U`). */
export function parseHeader(rest: string): ReadonlyMap<string, string> {
  return readAttributes(rest, 0).attributes;
}

function readAttributes(text: string, from: number): { attributes: Map<string, string>; end: number; problem: string | null } {
  const attributes = new Map<string, string>();
  let i = from;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i >= text.length || text[i] === ',') return { attributes, end: i, problem: null };
    const keyStart = i;
    while (i < text.length && isKeyChar(text.charCodeAt(i))) i++;
    const key = text.slice(keyStart, i).toLowerCase();
    if (key === '' || text[i] !== '=') {
      return {
        attributes,
        end: text.indexOf(',', i),
        // The snippet goes into the provider's status: mask anything that looks like a credential.
        problem: `unreadable attribute near “${redactSecrets(text.slice(keyStart, keyStart + 20))}”`,
      };
    }
    i++;
    if (text[i] === '"' || text[i] === "'") {
      const quote = text[i] as string;
      const close = text.indexOf(quote, i + 1);
      if (close === -1) {
        return { attributes, end: text.lastIndexOf(','), problem: `unbalanced quote in the ${key} attribute` };
      }
      attributes.set(key, text.slice(i + 1, close));
      i = close + 1;
    } else {
      const valueStart = i;
      while (i < text.length && text[i] !== ' ' && text[i] !== ',' && text[i] !== '\t') i++;
      attributes.set(key, text.slice(valueStart, i));
    }
  }
}

/** [A-Za-z0-9_.:-], by code so 100k lines cost no regular expression per character. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 95 || c === 46 || c === 45;
}

export interface StreamLine {
  readonly url: string;
  /** Header name (lower case) → value, from the `|…` suffix. */
  readonly headers: ReadonlyMap<string, string>;
}

/** `http://host/ch.m3u8|User-Agent=Foo%20Bar&Referer=http://x/` → the URL and its headers. */
export function splitStreamLine(line: string): StreamLine {
  const bar = line.indexOf('|');
  if (bar === -1) return { url: line, headers: new Map() };
  const headers = new Map<string, string>();
  for (const pair of line.slice(bar + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim().toLowerCase();
    const raw = pair.slice(eq + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // A bare % in a header value: keep it as written.
    }
    headers.set(name, value);
  }
  return { url: line.slice(0, bar).trim(), headers };
}

/** `#EXTVLCOPT:http-user-agent=Foo` → [`user-agent`, `Foo`]; options that are not headers → null. */
export function parseVlcOption(rest: string): [string, string] | null {
  const eq = rest.indexOf('=');
  if (eq === -1) return null;
  const option = rest.slice(0, eq).trim().toLowerCase();
  const value = rest.slice(eq + 1).trim();
  if (option === 'http-user-agent') return ['user-agent', value];
  if (option === 'http-referrer' || option === 'http-referer') return ['referer', value];
  if (option === 'http-origin') return ['origin', value];
  return null;
}
