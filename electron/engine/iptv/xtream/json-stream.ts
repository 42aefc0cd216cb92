import { IptvFailure } from '../iptv-failure';
import { htmlPageFailure, sniffText, withHead } from '../net/byte-source';

/** A small JSON answer (account, categories, short EPG), read whole: at most `maxBytes`. */
export async function readJson(chunks: AsyncIterable<Buffer>, label: string): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  const text = Buffer.concat(parts).toString('utf8').trim();
  if (text === '') return null;
  if (sniffText(Buffer.from(text.slice(0, 512))) === 'html') throw htmlPageFailure('a JSON answer', label);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new IptvFailure('bad-response', `${label} did not answer JSON (it starts with “${text.slice(0, 40)}”).`);
  }
}

/**
 * The elements of a top-level JSON array as they stream in, each parsed on its own, so the
 * 100,000 live streams of a panel (tens of MB of JSON) never sit in memory as one string.
 * `onOther` receives an answer that is not an array (an object such as {"user_info":{"auth":0}}).
 */
export async function* jsonArrayItems(
  chunks: AsyncIterable<Buffer>,
  label: string,
  onOther: (value: unknown) => never,
): AsyncGenerator<unknown[]> {
  const { head, chunks: all } = await withHead(chunks);
  if (sniffText(head) === 'html') throw htmlPageFailure('a JSON list', label);
  const decoder = new TextDecoder('utf-8');
  let state: 'start' | 'array' | 'other' | 'done' = 'start';
  let other = '';
  let item = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  for await (const chunk of all) {
    const text = decoder.decode(chunk, { stream: true });
    if (state === 'other') {
      if (other.length > 1_000_000) throw new IptvFailure('bad-response', `${label} did not answer a JSON list.`);
      other += text;
      continue;
    }
    const batch: unknown[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (state === 'start') {
        if (c === 0x5b /* [ */) {
          state = 'array';
          start = i + 1;
        } else if (c > 0x20 && c !== 0xfeff) {
          state = 'other';
          other = text.slice(i);
          break;
        }
        continue;
      }
      if (state !== 'array') break;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 0x5c /* \ */) escaped = true;
        else if (c === 0x22 /* " */) inString = false;
        continue;
      }
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (depth === 0) {
          // The closing bracket of the array itself.
          pushItem(batch, item + text.slice(start, i), label);
          item = '';
          state = 'done';
          break;
        }
        depth--;
      } else if (c === 0x2c /* , */ && depth === 0) {
        pushItem(batch, item + text.slice(start, i), label);
        item = '';
        start = i + 1;
      }
    }
    if (state === 'array') item += text.slice(start);
    if (batch.length > 0) yield batch;
  }
  if (state === 'other') {
    let value: unknown;
    try {
      value = JSON.parse(other) as unknown;
    } catch {
      throw new IptvFailure(
        'bad-response',
        `${label} did not answer a JSON list (it starts with “${other.trim().slice(0, 40)}”).`,
      );
    }
    onOther(value);
  }
  if (state === 'start') onOther(null);
  if (state === 'array') throw new IptvFailure('bad-response', `${label} ended in the middle of its JSON list.`);
}

function pushItem(batch: unknown[], raw: string, label: string): void {
  const text = raw.trim();
  if (text === '') return;
  try {
    batch.push(JSON.parse(text));
  } catch {
    throw new IptvFailure('bad-response', `${label} sent a list entry that is not JSON (“${text.slice(0, 40)}”).`);
  }
}
