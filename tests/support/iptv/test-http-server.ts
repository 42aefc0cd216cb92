import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';

/** What a route answers: a body (string, bytes or a generator of chunks) and how to send it. */
export interface TestAnswer {
  status?: number;
  body?: string | Buffer | (() => AsyncIterable<string | Buffer> | Iterable<string | Buffer>);
  contentType?: string;
  /** Compress on the wire (Content-Encoding: gzip). */
  gzipEncoding?: boolean;
  /** Send Content-Length (only for string/Buffer bodies). Default true for those. */
  contentLength?: number | null;
  headers?: Record<string, string>;
  /** Never answer (the client's headers timeout must fire). */
  hang?: boolean;
  /** Send the headers and this first chunk, then go silent (body idle timeout). */
  stallAfter?: string;
}

export type TestRoute = (request: IncomingMessage, url: URL) => TestAnswer | Promise<TestAnswer>;

export interface RecordedRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly userAgent: string | undefined;
}

/**
 * A real HTTP server on loopback for the IPTV tests: routes by path, bodies streamed from
 * generators (a 200 MB playlist is never held), every request recorded.
 */
export class TestHttpServer {
  readonly requests: RecordedRequest[] = [];
  readonly #routes = new Map<string, TestRoute>();
  readonly #prefixes = new Map<string, TestRoute>();
  readonly #server: Server;
  readonly #open = new Set<ServerResponse>();
  #port = 0;

  constructor() {
    this.#server = createServer((request, response) => void this.#handle(request, response));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  route(path: string, route: TestRoute | TestAnswer): void {
    this.#routes.set(path, typeof route === 'function' ? route : () => route);
  }

  /** Answer every path under `prefix` (e.g. `/live/`) that has no exact route. */
  routePrefix(prefix: string, route: TestRoute): void {
    this.#prefixes.set(prefix, route);
  }

  async close(): Promise<void> {
    for (const response of this.#open) response.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    this.requests.push({ path: url.pathname, query: url.searchParams, userAgent: request.headers['user-agent'] });
    const route = this.#routes.get(url.pathname) ?? [...this.#prefixes].find(([prefix]) => url.pathname.startsWith(prefix))?.[1];
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const answer = await route(request, url);
    if (answer.hang) {
      this.#open.add(response);
      return;
    }
    const headers: Record<string, string> = {
      'content-type': answer.contentType ?? 'text/plain; charset=utf-8',
      ...answer.headers,
    };
    if (answer.stallAfter !== undefined) {
      this.#open.add(response);
      response.writeHead(answer.status ?? 200, headers);
      response.write(answer.stallAfter);
      return;
    }
    const body = answer.body ?? '';
    if (answer.gzipEncoding) headers['content-encoding'] = 'gzip';
    if ((typeof body === 'string' || Buffer.isBuffer(body)) && !answer.gzipEncoding && answer.contentLength !== null) {
      headers['content-length'] = String(answer.contentLength ?? Buffer.byteLength(body));
    } else if (answer.contentLength !== undefined && answer.contentLength !== null) {
      headers['content-length'] = String(answer.contentLength);
    }
    response.writeHead(answer.status ?? 200, headers);
    const source = typeof body === 'function' ? Readable.from(body()) : Readable.from([body]);
    const out = answer.gzipEncoding ? source.pipe(createGzip()) : source;
    this.#open.add(response);
    out.on('error', () => response.destroy());
    response.on('close', () => {
      this.#open.delete(response);
      source.destroy();
    });
    out.pipe(response);
  }
}
