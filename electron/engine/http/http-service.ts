import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { isHostAllowed, type HostRule } from './host-check';
import { HttpRoutes, type HttpRoute, type ListenerName, type RequestClient } from './http-routes';
import { bindErrorMessage, requestClient } from './request-client';
import { sendText } from './responses';

export type { HttpHandler, HttpMethod, HttpRequest, HttpRoute, ListenerName, RequestClient } from './http-routes';

/**
 * The engine's HTTP service (`EngineDeps.http`): it owns the listeners, and modules add routes to
 * them instead of starting servers of their own. No RPC is ever served over HTTP.
 */
export interface HttpService {
  /** Serve `route` on its listener from now on; returns its removal. */
  route(route: HttpRoute): () => void;
  /** Take WebSocket upgrades under a path prefix on a listener (the chat's socket.io); returns its removal. */
  upgrade(handler: UpgradeHandler): () => void;
  /** `http://127.0.0.1:<port>` (or the public URL) of a listener, or null when it is off or did not start. */
  baseUrl(listener: ListenerName): string | null;
  /** The one URL builder: the listener's base and these path segments, each encoded. */
  url(listener: ListenerName, segments: readonly string[]): string | null;
  /** The public listener now: its settings (null: off), who set them, and whether it listens. */
  publicState(): PublicListenerState;
  /**
   * Turn the public listener on, move it, or turn it off (null). Refused when the host fixed it
   * (the agent's flags). Resolves once it listens; rejects with the reason when it cannot
   * (port taken, address gone), leaving it off.
   */
  configurePublic(options: PublicListenerOptions | null): Promise<void>;
}

export interface UpgradeHandler {
  readonly listener: ListenerName;
  /** `/chat/`: requests whose path starts with it (after the Host check) go to `handle`. */
  readonly pathPrefix: string;
  handle(req: IncomingMessage, socket: Duplex, head: Buffer, client: RequestClient): void;
}

export interface PublicListenerState {
  readonly options: PublicListenerOptions | null;
  /** Set by whoever started the engine (`EngineOptions.publicListener`): modules may not change it. */
  readonly fixed: boolean;
  readonly listening: boolean;
  /** Why it does not listen although configured. */
  readonly error: string | null;
}

/** What the engine itself does with the service: start and stop its listeners. */
export interface HttpServer extends HttpService {
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface PublicListenerOptions {
  /** Interface to bind: 127.0.0.1 behind a reverse proxy (Caddy on a VPS), 0.0.0.0 for LAN sharing. */
  readonly host: string;
  readonly port: number;
  /** `Host` values it answers (`live.example.com`); any when empty or absent (the proxy checks). */
  readonly hostNames?: readonly string[];
  /** How viewers reach it (`https://live.example.com`), used by `url()`; default `http://host:port`. */
  readonly publicUrl?: string;
  /**
   * Behind a reverse proxy on this machine (Caddy): a request from a loopback peer is from the
   * client its `X-Forwarded-For` names (the last entry, the one the proxy added), seen over the
   * scheme of `X-Forwarded-Proto`. Never trusted from any other peer.
   */
  readonly trustProxy?: boolean;
}

export interface HttpServiceOptions {
  /**
   * The loopback listener for the app's previews, on 127.0.0.1 only. `port` fixed by the desktop
   * app (its CSP names that origin); absent, the OS picks one. `anyLoopbackPort` accepts a Host of
   * 127.0.0.1/localhost/[::1] with any port: the agent's preview is reached through an SSH tunnel
   * whose local port is not its own. `false`: no preview listener.
   */
  readonly preview?: { readonly port?: number | undefined; readonly anyLoopbackPort?: boolean } | false;
  /** Off unless given (the audience feature turns it on). */
  readonly public?: PublicListenerOptions | undefined;
  readonly log: (message: string, error?: unknown) => void;
}

interface Listener {
  readonly bindHost: string;
  readonly port: number;
  readonly hostRule: (port: number) => HostRule;
  readonly publicUrl?: string | undefined;
  readonly trustProxy: boolean;
  server?: Server;
  base?: string;
}

const PREVIEW_HOST = '127.0.0.1';

export function createHttpService(options: HttpServiceOptions): HttpServer {
  const routes = new HttpRoutes(options.log);
  const listeners = new Map<ListenerName, Listener>();
  const upgrades = new Set<UpgradeHandler>();
  if (options.preview !== false) {
    const anyPort = options.preview?.anyLoopbackPort === true;
    listeners.set('preview', {
      bindHost: PREVIEW_HOST,
      port: options.preview?.port ?? 0,
      hostRule: (port) => (anyPort ? { kind: 'loopbackAnyPort' } : { kind: 'loopback', port }),
      trustProxy: false,
    });
  }
  const fixedPublic = options.public !== undefined;
  let publicConfig: PublicListenerOptions | null = options.public ?? null;
  let publicError: string | null = null;
  let started = false;
  if (options.public) listeners.set('public', publicListener(options.public));

  const baseUrl = (name: ListenerName): string | null => listeners.get(name)?.base ?? null;

  /** Resolves once listening; rejects with the bind error (also logged). */
  const startListener = async (name: ListenerName, listener: Listener): Promise<void> => {
    const server = createServer((req, res) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      const port = (server.address() as AddressInfo).port;
      if (!isHostAllowed(listener.hostRule(port), req.headers.host)) return sendText(res, 421, 'Misdirected request');
      void routes.dispatch(name, req, res, requestClient(req, listener.trustProxy));
    });
    // Without a handler for its path (or with a foreign Host) an upgrade is refused, never left hanging.
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const port = (server.address() as AddressInfo).port;
      const path = (req.url ?? '').split('?')[0] ?? '';
      const handler = isHostAllowed(listener.hostRule(port), req.headers.host)
        ? [...upgrades].find((u) => u.listener === name && path.startsWith(u.pathPrefix))
        : undefined;
      if (!handler) return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      handler.handle(req, socket, head, requestClient(req, listener.trustProxy));
    });
    try {
      await listen(server, listener.port, listener.bindHost);
    } catch (error) {
      options.log(`The ${name} HTTP listener could not start on ${listener.bindHost}:${listener.port}`, error);
      throw error;
    }
    const port = (server.address() as AddressInfo).port;
    const host = listener.bindHost.includes(':') ? `[${listener.bindHost}]` : listener.bindHost;
    listener.server = server;
    listener.base = (listener.publicUrl ?? `http://${host}:${port}`).replace(/\/+$/, '');
  };

  const startPublic = async (): Promise<void> => {
    const listener = listeners.get('public');
    if (!listener) return;
    try {
      await startListener('public', listener);
      publicError = null;
    } catch (error) {
      publicError = bindErrorMessage(error, listener.bindHost, listener.port);
      throw new Error(publicError, { cause: error });
    }
  };

  /** One change of the public listener at a time: a second waits for the first. */
  let publicChange: Promise<void> = Promise.resolve();

  return {
    route: (route) => routes.add(route),
    upgrade(handler) {
      upgrades.add(handler);
      return () => void upgrades.delete(handler);
    },
    baseUrl,
    url(name, segments) {
      const base = baseUrl(name);
      return base === null ? null : `${base}/${segments.map(encodeURIComponent).join('/')}`;
    },
    publicState: () => ({
      options: publicConfig,
      fixed: fixedPublic,
      listening: listeners.get('public')?.server !== undefined,
      error: publicError,
    }),
    configurePublic(config) {
      if (fixedPublic) return Promise.reject(new Error('The public listener is set by how this engine was started.'));
      const change = publicChange.then(async () => {
        const current = listeners.get('public');
        if (current) await stopListener(current);
        listeners.delete('public');
        publicConfig = config;
        publicError = null;
        if (!config) return;
        listeners.set('public', publicListener(config));
        if (started) await startPublic();
      });
      publicChange = change.catch(() => undefined);
      return change;
    },
    async start() {
      started = true;
      const preview = listeners.get('preview');
      await Promise.all([
        preview ? startListener('preview', preview).catch(() => undefined) : undefined,
        // A public listener that cannot bind leaves the engine running: its state says why.
        startPublic().catch(() => undefined),
      ]);
    },
    async close() {
      started = false;
      await publicChange;
      await Promise.all([...listeners.values()].map(stopListener));
    },
  };
}

function publicListener(config: PublicListenerOptions): Listener {
  const names = config.hostNames ?? [];
  return {
    bindHost: config.host,
    port: config.port,
    hostRule: () => ({ kind: 'names', names }),
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy === true,
  };
}

async function stopListener(listener: Listener): Promise<void> {
  const server = listener.server;
  listener.server = undefined;
  listener.base = undefined;
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
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
