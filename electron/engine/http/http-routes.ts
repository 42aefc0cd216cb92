import type { IncomingMessage, ServerResponse } from 'node:http';
import { isOriginAllowed } from './cors';
import { sendText } from './responses';
import { compilePattern, matchPattern, pathSegments, type RoutePattern } from './route-pattern';

/** `preview`: loopback, for the app. `public`: viewers (off until the audience feature turns it on). */
export type ListenerName = 'preview' | 'public';
/** GET routes answer HEAD too. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The client as the listener sees it (behind a trusted proxy: the one the proxy names). */
export interface RequestClient {
  readonly ip: string;
  readonly scheme: 'http' | 'https';
}

export interface HttpRequest {
  readonly listener: ListenerName;
  readonly client: RequestClient;
  /** The pattern's `:name` segments, decoded and free of separators and `..`. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly req: IncomingMessage;
}

export type HttpHandler = (request: HttpRequest, res: ServerResponse) => void | Promise<void>;

export interface HttpRoute {
  readonly listener: ListenerName;
  readonly method: HttpMethod;
  /** `/hls/:liveId/:file`: literal segments and `:params`, one segment each. */
  readonly pattern: string;
  /** Origins allowed to read the answer by CORS (see isOriginAllowed); none when absent. */
  readonly cors?: readonly string[];
  readonly handler: HttpHandler;
}

interface Entry {
  readonly route: HttpRoute;
  readonly pattern: RoutePattern;
}

/** The routes every module registered, and how one request finds its handler. */
export class HttpRoutes {
  readonly #entries = new Set<Entry>();

  constructor(private readonly log: (message: string, error?: unknown) => void) {}

  /** Add a route; returns its removal. Two routes with the same listener, method and pattern are a bug. */
  add(route: HttpRoute): () => void {
    const pattern = compilePattern(route.pattern);
    for (const { route: other } of this.#entries) {
      if (other.listener === route.listener && other.method === route.method && other.pattern === route.pattern) {
        throw new Error(`Two routes for ${route.method} ${route.pattern} on the ${route.listener} listener.`);
      }
    }
    const entry: Entry = { route, pattern };
    this.#entries.add(entry);
    return () => void this.#entries.delete(entry);
  }

  /** Answer one request that already passed the listener's Host check. */
  async dispatch(listener: ListenerName, req: IncomingMessage, res: ServerResponse, client: RequestClient): Promise<void> {
    const target = req.url ?? '';
    const segments = pathSegments(target);
    if (!segments) return sendText(res, 400, 'Bad request path');
    const matches: { entry: Entry; params: Record<string, string> }[] = [];
    for (const entry of this.#entries) {
      if (entry.route.listener !== listener) continue;
      const params = matchPattern(entry.pattern, segments);
      if (params) matches.push({ entry, params });
    }
    if (matches.length === 0) return sendText(res, 404, 'Not found');

    const allowed = [...new Set(matches.flatMap(({ entry }) => methodsOf(entry.route.method)))];
    applyCors(
      req,
      res,
      matches.flatMap(({ entry }) => entry.route.cors ?? []),
      allowed,
    );
    if (req.method === 'OPTIONS') return void res.writeHead(204, { Allow: [...allowed, 'OPTIONS'].join(', ') }).end();
    const match = matches.find(({ entry }) => methodsOf(entry.route.method).includes(req.method ?? ''));
    if (!match) return sendText(res, 405, 'Method not allowed', { Allow: [...allowed, 'OPTIONS'].join(', ') });

    const query = new URLSearchParams(target.includes('?') ? target.slice(target.indexOf('?') + 1) : '');
    try {
      await match.entry.route.handler({ listener, client, params: match.params, query, req }, res);
    } catch (error) {
      this.log(`HTTP ${req.method} ${match.entry.route.pattern} failed`, error);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    }
  }
}

function methodsOf(method: HttpMethod): string[] {
  return method === 'GET' ? ['GET', 'HEAD'] : [method];
}

/** CORS headers only for an Origin one of the matched routes allows. */
function applyCors(req: IncomingMessage, res: ServerResponse, origins: readonly string[], methods: readonly string[]): void {
  const origin = req.headers.origin;
  if (!origin || origins.length === 0 || !isOriginAllowed(origins, origin)) return;
  res.setHeader('Access-Control-Allow-Origin', origins.includes('*') ? '*' : origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', [...methods, 'OPTIONS'].join(', '));
  res.setHeader('Access-Control-Allow-Headers', 'Range');
}
