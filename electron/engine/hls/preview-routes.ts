import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IptvHttp, IptvHttpRoute } from '../iptv/http/iptv-http';
import { isSafeName } from './hls-paths';

/**
 * Routes other domains add to the loopback HLS preview server (IPTV previews and logos), and the
 * URLs that reach them. `baseUrl` is the server's address once it listens (the lives runtime
 * starts it). Parameters are single path segments with safe names only.
 */
export class PreviewRoutes implements IptvHttp {
  readonly #routes = new Set<{ parts: readonly string[]; route: IptvHttpRoute }>();
  #baseUrl: () => string | null = () => null;

  /** Where the server listens (set by the engine's wiring). */
  serveAt(baseUrl: () => string | null): void {
    this.#baseUrl = baseUrl;
  }

  route(route: IptvHttpRoute): () => void {
    const entry = { parts: route.pattern.slice(1).split('/'), route };
    this.#routes.add(entry);
    return () => void this.#routes.delete(entry);
  }

  url(_listener: 'preview', segments: readonly string[]): string | null {
    const base = this.#baseUrl();
    return base === null ? null : `${base}/${segments.map(encodeURIComponent).join('/')}`;
  }

  /** Answer the request if a route matches it (true), else leave it to the server (false). */
  async dispatch(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const target = req.url ?? '/';
    const path = target.split(/[?#]/, 1)[0] ?? '';
    if (path.includes('\\')) return false;
    let segments: string[];
    try {
      segments = path.slice(1).split('/').map(decodeURIComponent);
    } catch {
      return false;
    }
    for (const { parts, route } of this.#routes) {
      const params = match(parts, segments);
      if (!params) continue;
      await route.handler({ params, req }, res);
      return true;
    }
    return false;
  }
}

function match(parts: readonly string[], segments: readonly string[]): Record<string, string> | null {
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] ?? '';
    if (part.startsWith(':')) {
      if (!isSafeName(segment)) return null;
      params[part.slice(1)] = segment;
    } else if (part !== segment) return null;
  }
  return params;
}
