import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendText } from '../../http/responses';

/**
 * Send a media file with HTTP range support, so a `<video>` element can seek in it. The path
 * comes from the library's database (never from the request), so there is nothing to contain.
 */
export async function sendMediaFile(req: IncomingMessage, res: ServerResponse, file: string, contentType: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return sendText(res, 404, 'Not found');
  const size = info.size;
  const range = parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') return sendText(res, 416, 'Range not satisfiable', { 'Content-Range': `bytes */${size}` });
  const headers = { 'Content-Type': contentType, 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, no-cache' };
  if (range === null) {
    res.writeHead(200, { ...headers, 'Content-Length': size });
  } else {
    res.writeHead(206, {
      ...headers,
      'Content-Length': range.end - range.start + 1,
      'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
    });
  }
  if (req.method === 'HEAD' || size === 0) return void res.end();
  const stream = createReadStream(file, range ?? {});
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

/** One `bytes=a-b` range (or `a-`, or `-n`); null for none or several (the whole file is sent). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  let start: number;
  let end: number;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (!Number.isSafeInteger(start) || start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
