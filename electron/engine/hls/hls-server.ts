import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { HLS_PLAYLIST, isSafeName } from './hls-paths';
import type { PreviewRoutes } from './preview-routes';

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.aac': 'audio/aac',
};

export interface HlsServerOptions {
  /** dataDir/hls: one sub-folder per live. */
  root: string;
  /** 127.0.0.1 by default: the preview is for this machine unless the host decides otherwise. */
  host?: string;
  port?: number;
  /**
   * Origins allowed to fetch by CORS (the app's renderer origin); `*` allows any, and an entry
   * ending in `:*` allows that scheme and host on any port (`http://127.0.0.1:*`).
   */
  allowedOrigins?: readonly string[];
  /** Routes other domains serve on this server (IPTV previews and logos), tried first. */
  routes?: PreviewRoutes;
}

/**
 * Where the app's own renderer runs: the Electron window (app://livemanager) and the browser
 * build's web host on a loopback port chosen at start. Only loopback origins: the server is
 * loopback-only and unauthenticated, so local programs can read it anyway; CORS keeps remote
 * web pages out.
 */
export const APP_PREVIEW_ORIGINS: readonly string[] = [
  'app://livemanager',
  'http://127.0.0.1:*',
  'http://localhost:*',
  'http://[::1]:*',
];

export function isOriginAllowed(allowed: ReadonlySet<string>, origin: string): boolean {
  if (allowed.has('*') || allowed.has(origin)) return true;
  const port = /:(\d{1,5})$/.exec(origin);
  return port !== null && allowed.has(`${origin.slice(0, port.index)}:*`);
}

export interface HlsServer {
  readonly port: number;
  readonly host: string;
  /** http://127.0.0.1:<port>/hls/<liveId>/index.m3u8 */
  playlistUrl(liveId: string): string;
  close(): Promise<void>;
}

/**
 * Loopback HTTP server for the local HLS output (the in-app preview, VLC on this machine). It
 * serves only `/hls/<liveId>/<file>` with known media extensions from `root`; anything that
 * could leave that folder is refused before touching the disk.
 */
export async function startHlsServer(options: HlsServerOptions): Promise<HlsServer> {
  const host = options.host ?? '127.0.0.1';
  const root = path.resolve(options.root);
  const allowed = new Set(options.allowedOrigins ?? []);
  const server = createServer((req, res) => {
    void serve(root, allowed, req, res, options.routes).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    port,
    host,
    playlistUrl: (liveId) => `http://${shownHost}:${port}/hls/${encodeURIComponent(liveId)}/${HLS_PLAYLIST}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(
  root: string,
  allowed: ReadonlySet<string>,
  req: IncomingMessage,
  res: ServerResponse,
  routes: PreviewRoutes | undefined,
): Promise<void> {
  const origin = req.headers.origin;
  if (origin && isOriginAllowed(allowed, origin)) {
    res.setHeader('Access-Control-Allow-Origin', allowed.has('*') ? '*' : origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Range');
  }
  if (req.method === 'OPTIONS') return void res.writeHead(204).end();
  if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { Allow: 'GET, HEAD, OPTIONS' }).end();
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (routes && (await routes.dispatch(req, res))) return;

  const file = resolveMediaFile(root, req.url ?? '/');
  if (!file) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  const info = await stat(file.path).catch(() => undefined);
  if (!info?.isFile()) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');

  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': info.size,
    // The playlist changes every segment; segments never change once listed.
    'Cache-Control': file.isPlaylist ? 'no-cache, no-store' : 'public, max-age=60',
  });
  if (req.method === 'HEAD') return void res.end();
  const stream = createReadStream(file.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** Map a request path to a file inside root, or undefined for anything unexpected. */
export function resolveMediaFile(
  root: string,
  rawUrl: string,
): { path: string; contentType: string; isPlaylist: boolean } | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(rawUrl, 'http://hls.local').pathname);
  } catch {
    return undefined;
  }
  if (rawUrl.includes('\\') || pathname.includes('\0')) return undefined;
  const parts = pathname.split('/');
  // ['', 'hls', liveId, file]
  if (parts.length !== 4 || parts[0] !== '' || parts[1] !== 'hls') return undefined;
  const liveId = parts[2] ?? '';
  const name = parts[3] ?? '';
  if (!isSafeName(liveId) || !isSafeName(name)) return undefined;
  const contentType = CONTENT_TYPES[path.extname(name).toLowerCase()];
  if (!contentType) return undefined;
  const full = path.resolve(root, liveId, name);
  if (!full.startsWith(root + path.sep)) return undefined;
  return { path: full, contentType, isPlaylist: name.endsWith('.m3u8') };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
