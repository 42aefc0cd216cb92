import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { serveChannel, type EventSource, type FlowLimits } from '@shared/rpc/channel-server';
import { DEFAULT_MAX_FRAME_BYTES } from '@shared/rpc/protocol';
import type { Router, RpcResult } from '@shared/rpc/router';
import { websocketChannel, type WebSocketLike } from '@shared/rpc/websocket-channel';
import { hostContract, type HostContract } from '@shared/contract';
import { EventHub, mergeEventSources } from '@shared/rpc/event-hub';
import { routeByNamespace } from '@shared/rpc/host-routing';
import type { CallContext } from '../engine/context';
import { webHostRouter } from './host-methods';
import { openWebHostSettings } from './settings-file';

export interface WebHostOptions {
  router: Router<CallContext>;
  events: EventSource;
  /** Built renderer folder (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** Fixed token for tests; otherwise random per start. */
  token?: string;
  maxFrameBytes?: number;
  /** Per-connection bounds (queued output, calls in flight); defaults suit a browser tab. */
  limits?: Partial<FlowLimits>;
  /** Where the host reports connections it cut. Default: console.error. */
  log?: (message: string) => void;
  /** The web host's own folder: its settings (`settings.*`) are kept there. Absent: in memory. */
  dataDir?: string;
  /**
   * A shared engine's sessions: which events each connection may receive, and how a sign-in
   * binds its session to the connection (`engine.canReceive`, `bindSession`). Absent: a
   * single-owner engine, whose one user receives everything.
   */
  sessions?: {
    canReceive: (event: string, payload: unknown, ctx: CallContext) => boolean;
    updateContext: (ctx: CallContext, call: { method: string; params: unknown; result: RpcResult }) => CallContext;
  };
}

export interface WebHost {
  /** Open this in a browser: it carries the token. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  close(): Promise<void>;
}

export const WEB_HOST_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: http://127.0.0.1:*; " +
  "media-src 'self' blob: http://127.0.0.1:*; connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:*; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/**
 * The browser build's host: the engine's router, over a WebSocket, with browser-safe answers to
 * the host methods (host-methods.ts), plus the built renderer. Loopback only; every WebSocket must present the per-start token and come
 * from this origin, so another site in the same browser cannot drive the engine.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  // Host namespaces (shell, settings, targets) are answered here; everything else by the engine.
  const hostEvents = new EventHub<HostContract>();
  const router = routeByNamespace(webHostRouter(openWebHostSettings(options.dataDir, options.log), hostEvents), options.router);
  const events = mergeEventSources(options.events, hostEvents);
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const { serveStatic } = await import('./static-files');
  const headers = {
    'content-security-policy': WEB_HOST_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    void serveStatic(options.rendererDir, req, res, headers).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // ws enforces a hard cap far above the soft frame limit, so an oversized frame gets a typed
  // FRAME_TOO_LARGE answer instead of a dropped connection.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes * 16 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  server.on('upgrade', (req, socket, head) => {
    // Node drops its own error listener on upgrade: without one, a reset socket would crash the host.
    socket.on('error', () => socket.destroy());
    if (!isAllowedUpgrade(req, token, origin)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const channel = websocketChannel(ws as unknown as WebSocketLike, maxFrameBytes);
      serveChannel(channel, {
        router,
        events,
        context: { transport: 'ws' },
        maxFrameBytes,
        peerLabel: `ws ${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`,
        // Host events (settings, targets) have no engine rule: they are this page's own.
        ...(options.sessions
          ? {
              canReceive: (event: string, payload: unknown, ctx: CallContext) =>
                Object.hasOwn(hostContract.events, event) || options.sessions!.canReceive(event, payload, ctx),
              updateContext: options.sessions.updateContext,
            }
          : {}),
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.log ? { log: options.log } : {}),
      });
    });
  });

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isAllowedUpgrade(req: IncomingMessage, token: string, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', origin);
  } catch {
    return false; // `//`, `http://[::1`: not ours, and must not throw out of the upgrade handler.
  }
  if (url.origin !== origin || url.pathname !== '/rpc') return false;
  // Browsers always send Origin; Node clients (tests, scripts) may omit it but still need the token.
  const requestOrigin = req.headers.origin;
  if (requestOrigin !== undefined && requestOrigin !== origin && requestOrigin !== origin.replace('127.0.0.1', 'localhost')) {
    return false;
  }
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
