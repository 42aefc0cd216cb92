import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isHostAllowed, type HostRule } from './host-check';
import { HttpRoutes, type HttpRoute, type ListenerName } from './http-routes';
import { sendText } from './responses';

export type { HttpHandler, HttpMethod, HttpRequest, HttpRoute, ListenerName } from './http-routes';

/**
 * The engine's HTTP service (`EngineDeps.http`): it owns the listeners, and modules add routes to
 * them instead of starting servers of their own. No RPC is ever served over HTTP.
 */
export interface HttpService {
  /** Serve `route` on its listener from now on; returns its removal. */
  route(route: HttpRoute): () => void;
  /** `http://127.0.0.1:<port>` (or the public URL) of a listener, or null when it is off or did not start. */
  baseUrl(listener: ListenerName): string | null;
  /** The one URL builder: the listener's base and these path segments, each encoded. */
  url(listener: ListenerName, segments: readonly string[]): string | null;
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
  server?: Server;
  base?: string;
}

const PREVIEW_HOST = '127.0.0.1';

export function createHttpService(options: HttpServiceOptions): HttpServer {
  const routes = new HttpRoutes(options.log);
  const listeners = new Map<ListenerName, Listener>();
  if (options.preview !== false) {
    const anyPort = options.preview?.anyLoopbackPort === true;
    listeners.set('preview', {
      bindHost: PREVIEW_HOST,
      port: options.preview?.port ?? 0,
      hostRule: (port) => (anyPort ? { kind: 'loopbackAnyPort' } : { kind: 'loopback', port }),
    });
  }
  if (options.public) {
    const names = options.public.hostNames ?? [];
    listeners.set('public', {
      bindHost: options.public.host,
      port: options.public.port,
      hostRule: () => ({ kind: 'names', names }),
      publicUrl: options.public.publicUrl,
    });
  }

  const baseUrl = (name: ListenerName): string | null => listeners.get(name)?.base ?? null;

  const startListener = async (name: ListenerName, listener: Listener): Promise<void> => {
    const server = createServer((req, res) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      const port = (server.address() as AddressInfo).port;
      if (!isHostAllowed(listener.hostRule(port), req.headers.host)) return sendText(res, 421, 'Misdirected request');
      void routes.dispatch(name, req, res);
    });
    try {
      await listen(server, listener.port, listener.bindHost);
    } catch (error) {
      options.log(`The ${name} HTTP listener could not start on ${listener.bindHost}:${listener.port}`, error);
      return;
    }
    const port = (server.address() as AddressInfo).port;
    const host = listener.bindHost.includes(':') ? `[${listener.bindHost}]` : listener.bindHost;
    listener.server = server;
    listener.base = (listener.publicUrl ?? `http://${host}:${port}`).replace(/\/+$/, '');
  };

  return {
    route: (route) => routes.add(route),
    baseUrl,
    url(name, segments) {
      const base = baseUrl(name);
      return base === null ? null : `${base}/${segments.map(encodeURIComponent).join('/')}`;
    },
    async start() {
      await Promise.all([...listeners].map(([name, listener]) => startListener(name, listener)));
    },
    async close() {
      await Promise.all(
        [...listeners.values()].map(async (listener) => {
          const server = listener.server;
          listener.server = undefined;
          listener.base = undefined;
          if (!server) return;
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        }),
      );
    },
  };
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
