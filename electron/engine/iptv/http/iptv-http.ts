import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request to a route: the pattern's `:name` segments (decoded, free of separators and `..`). */
export interface IptvHttpRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly req: IncomingMessage;
}

/** A GET route on the engine's loopback preview listener. */
export interface IptvHttpRoute {
  readonly listener: 'preview';
  readonly method: 'GET';
  /** `/iptv/preview/:previewId/:file`: literal segments and `:params`, one segment each. */
  readonly pattern: string;
  /** Origins allowed to read the answer by CORS (the app's renderer). */
  readonly cors?: readonly string[];
  readonly handler: (request: IptvHttpRequest, res: ServerResponse) => void | Promise<void>;
}

/**
 * What the IPTV domain needs of the engine's HTTP service: add routes to the loopback preview
 * listener (channel previews, logos) and build its URLs. The engine's HTTP service has this shape.
 */
export interface IptvHttp {
  route(route: IptvHttpRoute): () => void;
  /** `http://127.0.0.1:<port>/<segments…>` (each encoded), or null when the listener is not running. */
  url(listener: 'preview', segments: readonly string[]): string | null;
}
