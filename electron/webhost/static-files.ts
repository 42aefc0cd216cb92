import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * A bundle file named after its content (Vite's `assets/name-<hash>.js`): its address changes
 * whenever it does, so the browser may keep it for good and a reload fetches only index.html.
 */
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8}\.(?:js|css|woff2|svg|png)$/;

/**
 * Serve the built renderer from one folder. Paths are resolved and checked to stay inside it;
 * unknown paths fall back to index.html (client-side routes).
 */
export async function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  let relative: string;
  try {
    relative = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    res.writeHead(400).end('Bad path');
    return;
  }
  const base = path.resolve(root);
  let file = path.resolve(base, '.' + (relative.endsWith('/') ? relative + 'index.html' : relative));
  if (file !== base && !file.startsWith(base + path.sep)) {
    res.writeHead(403).end('Forbidden');
    return;
  }
  let info = await stat(file).catch(() => null);
  // A symlink inside the folder must not lead outside it either.
  if (info?.isFile() && !(await staysInside(base, file))) {
    res.writeHead(403).end('Forbidden');
    return;
  }
  const hashed = info?.isFile() === true && HASHED_ASSET.test(path.relative(base, file).split(path.sep).join('/'));
  if (!info?.isFile()) {
    file = path.join(base, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Renderer not built: run npm run build.');
      return;
    }
  }
  res.writeHead(200, {
    ...headers,
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': String(info.size),
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

async function staysInside(base: string, file: string): Promise<boolean> {
  const [realBase, realFile] = await Promise.all([realpath(base), realpath(file)]);
  return realFile.startsWith(realBase + path.sep);
}
