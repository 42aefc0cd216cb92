import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { SshSession } from './ssh-session';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const TARGET_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

interface Route {
  readonly session: () => SshSession | null;
  /** The agent's preview server on the VPS's loopback, learnt from its `lives.previewUrl`. */
  remote: { host: string; port: number } | null;
}

/**
 * The VPS agents' HLS previews, brought to this computer. Each agent's preview listens on its
 * VPS's loopback only; this loopback HTTP server answers `/vps/<targetId>/<path>` by opening an
 * SSH `direct-tcpip` channel (forwardOut) to that agent's preview port on whatever SSH session
 * carries the agent now, so the address survives reconnects. One server for every VPS, on a port
 * that can be chosen before the window loads, so the window's Content-Security-Policy can name it.
 * Only GET and HEAD pass; like the local preview server it is loopback-only and unauthenticated.
 */
export class PreviewProxy {
  readonly #routes = new Map<string, Route>();
  readonly #port: number;
  #server: Promise<{ server: Server; origin: string }> | null = null;

  constructor(options: { port?: number } = {}) {
    this.#port = options.port ?? 0;
  }

  /** Start listening (idempotent); answers the origin, http://127.0.0.1:<port>. */
  async origin(): Promise<string> {
    this.#server ??= new Promise((resolve, reject) => {
      const server = createServer((req, res) => this.#handle(req, res));
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => {
        const address = server.address();
        resolve({ server, origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
      });
    });
    return (await this.#server).origin;
  }

  /** Serve this target's previews through its current SSH session; the returned function stops. */
  register(targetId: string, session: () => SshSession | null): () => void {
    if (!TARGET_ID.test(targetId)) throw new Error(`Invalid target id "${targetId.slice(0, 64)}".`);
    const route: Route = { session, remote: null };
    this.#routes.set(targetId, route);
    return () => {
      if (this.#routes.get(targetId) === route) this.#routes.delete(targetId);
    };
  }

  /** The agent's preview URL (on the VPS's loopback) as the URL the app plays here. */
  async localUrl(targetId: string, remoteUrl: string): Promise<string> {
    const route = this.#routes.get(targetId);
    if (!route) throw new Error(`No preview route for "${targetId.slice(0, 64)}".`);
    const url = new URL(remoteUrl);
    if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) {
      throw new Error(`The agent's preview address ${url.origin} is not on its loopback: refused.`);
    }
    const host = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname.replace(/^\[|\]$/g, '');
    route.remote = { host, port: Number(url.port || 80) };
    return `${await this.origin()}/vps/${targetId}${url.pathname}${url.search}`;
  }

  async close(): Promise<void> {
    const started = this.#server;
    this.#server = null;
    this.#routes.clear();
    if (!started) return;
    const { server } = await started;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const fail = (status: number): void => {
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain' });
      res.end();
    };
    const match = /^\/vps\/([^/]+)(\/.*)$/.exec(req.url ?? '');
    const route = match ? this.#routes.get(match[1] ?? '') : undefined;
    if (!match || !route) return fail(404);
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405);
    const session = route.session();
    const remote = route.remote;
    if (!session || !remote) return fail(503);
    session.forwardOut(remote.host, remote.port).then(
      (channel) => {
        channel.on('error', () => fail(502));
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
        }
        headers.host = `${remote.host}:${remote.port}`;
        headers.connection = 'close';
        const upstream = httpRequest(
          { method: req.method, path: match[2], headers, createConnection: () => channel as unknown as Socket },
          (answer) => {
            const back: Record<string, string | string[]> = {};
            for (const [name, value] of Object.entries(answer.headers)) {
              if (value !== undefined && !HOP_BY_HOP.has(name)) back[name] = value;
            }
            res.writeHead(answer.statusCode ?? 502, back);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => fail(502));
        res.once('close', () => channel.close());
        upstream.end();
      },
      () => fail(502),
    );
  }
}
