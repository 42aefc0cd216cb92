import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { IptvHttp } from '../http/iptv-http';

/** The only files a preview folder holds. */
const TYPES: Readonly<Record<string, string>> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
};

export const PREVIEW_PATH = ['iptv', 'preview'] as const;

/**
 * `GET /iptv/preview/<previewId>/<file>` on the loopback preview listener: a running preview's
 * playlist (never cached: it changes every segment; reading it keeps the preview alive) and
 * segments. Anything else, or a preview that stopped, is 404.
 */
export function servePreviewFiles(
  http: IptvHttp,
  cors: readonly string[],
  folderOf: (previewId: string, file: string) => string | null,
): () => void {
  return http.route({
    listener: 'preview',
    method: 'GET',
    pattern: `/${PREVIEW_PATH.join('/')}/:previewId/:file`,
    cors,
    handler: async ({ params, req }, res) => {
      const { previewId = '', file = '' } = params;
      const type = TYPES[path.extname(file).toLowerCase()];
      const dir = type ? folderOf(previewId, file) : null;
      const full = dir ? path.join(dir, file) : null;
      const info = full ? await stat(full).catch(() => null) : null;
      if (!full || !type || !info?.isFile() || path.dirname(full) !== dir) return notFound(res);
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': info.size,
        'Cache-Control': file.endsWith('.m3u8') ? 'no-cache, no-store' : 'public, max-age=60',
      });
      if (req.method === 'HEAD') return void res.end();
      const stream = createReadStream(full);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    },
  });
}

export function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('Not found');
}
