import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { IptvFailure, shownUrl } from '../iptv-failure';
import { httpGet, type FetchPolicy } from './http-get';

/** A playlist or EPG to read: a URL (with the headers to send) or a file on this machine. */
export type ByteSourceSpec =
  { readonly url: string; readonly headers?: Readonly<Record<string, string>> } | { readonly file: string };

export interface OpenOptions {
  readonly userAgent: string;
  /** Larger documents are refused (before reading when their size is announced). */
  readonly maxBytes: number;
  /** "The playlist", "The EPG": how messages name the document. */
  readonly what: string;
  readonly policy?: FetchPolicy;
  readonly secrets?: readonly string[];
  readonly signal?: AbortSignal;
}

export interface OpenedSource {
  /** The bytes, gunzipped when they are gzip (by header or by magic number), capped at maxBytes. */
  readonly chunks: AsyncIterable<Buffer>;
  readonly contentType: string | null;
  /** How messages name it: the URL with credentials masked, or the file path. */
  readonly label: string;
}

/** Open a playlist or EPG for streaming. Never reads the whole document into memory. */
export async function openByteSource(spec: ByteSourceSpec, options: OpenOptions): Promise<OpenedSource> {
  if ('file' in spec) {
    const info = await stat(spec.file).catch((error: NodeJS.ErrnoException) => {
      const why = error.code === 'ENOENT' ? 'there is no such file' : error.code === 'EACCES' ? 'permission denied' : error.code;
      throw new IptvFailure('file-unreadable', `${options.what} file ${spec.file} cannot be read: ${why}.`);
    });
    if (!info.isFile()) throw new IptvFailure('file-unreadable', `${spec.file} is not a file.`);
    if (info.size > options.maxBytes) throw tooLarge(options.what, options.maxBytes, info.size);
    const stream = createReadStream(spec.file, { highWaterMark: 256 * 1024 });
    return { chunks: capped(gunzipIfNeeded(stream), options), contentType: null, label: spec.file };
  }
  const response = await httpGet(spec.url, {
    userAgent: options.userAgent,
    ...(spec.headers ? { headers: spec.headers } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (response.contentLength !== null && response.contentLength > options.maxBytes) {
    response.body.destroy();
    throw tooLarge(options.what, options.maxBytes, response.contentLength);
  }
  const contentType = typeof response.headers['content-type'] === 'string' ? response.headers['content-type'] : null;
  return {
    chunks: capped(gunzipIfNeeded(response.body), options),
    contentType,
    label: shownUrl(spec.url, options.secrets),
  };
}

function tooLarge(what: string, maxBytes: number, size?: number): IptvFailure {
  const sizeText = size === undefined ? '' : ` (${megabytes(size)})`;
  return new IptvFailure(
    'too-large',
    `${what} is larger than the ${megabytes(maxBytes)} limit${sizeText}; LiveManager stops there to keep memory and disk in check.`,
  );
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

async function* capped(chunks: AsyncIterable<Buffer>, options: OpenOptions): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > options.maxBytes) throw tooLarge(options.what, options.maxBytes);
    yield chunk;
  }
}

/** EPGs are often `.xml.gz` served as plain bytes: look at the magic number, not the name. */
async function* gunzipIfNeeded(stream: Readable): AsyncGenerator<Buffer> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    const first = await iterator.next();
    if (first.done) return;
    const head = first.value;
    if (head.length < 2 || head[0] !== 0x1f || head[1] !== 0x8b) {
      yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      return;
    }
    const rest = Readable.from(
      (async function* () {
        yield head;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      })(),
    );
    const gunzip = createGunzip();
    pipeline(rest, gunzip, () => undefined);
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } catch (error) {
      if (error instanceof IptvFailure) throw error;
      throw new IptvFailure('bad-response', 'The gzip-compressed data is corrupt or cut short.');
    }
  } finally {
    stream.destroy();
  }
}

/** The first chunk, to sniff, and every chunk (that one included) to read on. */
export async function withHead(chunks: AsyncIterable<Buffer>): Promise<{ head: Buffer; chunks: AsyncIterable<Buffer> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  return {
    head,
    chunks: (async function* () {
      if (first.done) return;
      yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    })(),
  };
}

/** What the first bytes of a document look like: text, an HTML page, or binary data. */
export function sniffText(head: Buffer): 'text' | 'html' | 'binary' {
  const sample = head.subarray(0, 4096);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return 'binary';
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.05) return 'binary';
  const start = sample
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 512)
    .toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || /^<(head|body|script|meta)\b/.test(start)) {
    return 'html';
  }
  return 'text';
}

/** The message for a document that is a web page: usually a login page or an expired account. */
export function htmlPageFailure(what: string, label: string): IptvFailure {
  return new IptvFailure(
    'html-page',
    `${label} returned a web page (HTML) instead of ${what}: usually a login page, a blocked User-Agent or an expired subscription.`,
  );
}

export function binaryFailure(what: string, label: string): IptvFailure {
  return new IptvFailure('binary', `${label} is binary data, not ${what}.`);
}
