import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { sendText } from './responses';

/** Content types of what the engine serves as files; anything else is not served. */
export const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.aac': 'audio/aac',
};

export interface SendFileOptions {
  /** Extension (with its dot, lower case) → Content-Type; files of other extensions are 404. */
  readonly types: Readonly<Record<string, string>>;
  readonly cacheControl: string;
}

/**
 * Send `root/…segments` if it is a regular file inside `root` (after following links) with a
 * known extension; 404 otherwise. Never lists a folder. `segments` come from the router, which
 * already refused `..` and separators; the containment check here is the second lock.
 */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  segments: readonly string[],
  options: SendFileOptions,
): Promise<void> {
  const contentType = options.types[path.extname(segments.at(-1) ?? '').toLowerCase()];
  const file = contentType ? await containedFile(root, segments) : null;
  const info = file ? await stat(file).catch(() => null) : null;
  if (!file || !contentType || !info?.isFile()) return sendText(res, 404, 'Not found');
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': info.size, 'Cache-Control': options.cacheControl });
  if (req.method === 'HEAD') return void res.end();
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** The real path of root/…segments when it exists inside root's real path, else null. */
async function containedFile(root: string, segments: readonly string[]): Promise<string | null> {
  try {
    const realRoot = await realpath(root);
    const real = await realpath(path.join(realRoot, ...segments));
    return real.startsWith(realRoot + path.sep) ? real : null;
  } catch {
    return null; // missing file or root
  }
}
