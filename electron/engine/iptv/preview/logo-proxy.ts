import type { ServerResponse } from 'node:http';
import { httpGet, type FetchPolicy } from '../net/http-get';
import type { IptvHttp } from '../http/iptv-http';
import { notFound } from './preview-route';
import { imageTypeOf } from './image-type';

export const LOGO_PATH = ['iptv', 'logo'] as const;

/** Where a channel's logo comes from and how this provider's requests are made. */
export interface LogoSource {
  readonly url: string;
  readonly userAgent: string;
  /** The provider's fetch policy (a non-admin's provider on a shared agent: public addresses only). */
  readonly policy: FetchPolicy;
}

export interface LogoProxyOptions {
  /** The logo of a channel, or null (unknown provider or channel, no logo). */
  readonly logoOf: (providerId: string, channelId: string) => LogoSource | null;
  /** Logos larger than this are refused (default 512 KiB). */
  readonly maxBytes?: number;
  /** Bytes of logos kept in memory (default 24 MiB). */
  readonly cacheBytes?: number;
  readonly log: (message: string, error?: unknown) => void;
}

type Cached =
  { readonly ok: true; readonly type: string; readonly bytes: Buffer } | { readonly ok: false; readonly until: number };

/** A logo that failed is not asked for again before this. */
const RETRY_FAILED_MS = 10 * 60_000;
/** Logo servers are often slow or gone: a logo is not worth a catalog refresh's patience. */
const LOGO_TIMEOUTS = { connectMs: 4_000, headersMs: 6_000, bodyIdleMs: 6_000 };
const PARALLEL = 6;

/**
 * Channel logos fetched by the engine and served on the loopback preview listener
 * (`/iptv/logo/<providerId>/<channelId>`): the renderer's Content-Security-Policy allows images
 * from the app and that origin only, so a logo on any host on the Internet never sees the user's
 * address or a referrer from the app, and a provider's logo host cannot be made to serve
 * anything but an image. Only PNG, JPEG, GIF, WebP, ICO, AVIF and SVG (recognised by their bytes,
 * not the server's word) up to `maxBytes`; SVG is served with a policy that forbids scripts.
 * Answers and failures are remembered, and at most a few fetches run at once.
 */
export class LogoProxy {
  readonly #cache = new Map<string, Cached>();
  readonly #inFlight = new Map<string, Promise<Cached>>();
  #cachedBytes = 0;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(private readonly options: LogoProxyOptions) {}

  serve(http: IptvHttp, cors: readonly string[]): () => void {
    return http.route({
      listener: 'preview',
      method: 'GET',
      pattern: `/${LOGO_PATH.join('/')}/:providerId/:channelId`,
      cors,
      handler: async ({ params, req }, res) => {
        const logo = await this.logo(params.providerId ?? '', params.channelId ?? '');
        if (!logo.ok) return notFound(res);
        send(res, logo.type, logo.bytes, req.method === 'HEAD');
      },
    });
  }

  /** The logo's bytes and type, from memory or fetched now. */
  async logo(providerId: string, channelId: string): Promise<Cached> {
    const source = this.options.logoOf(providerId, channelId);
    if (!source) return { ok: false, until: 0 };
    const key = `${providerId}\n${source.url}`;
    const cached = this.#cache.get(key);
    if (cached && (cached.ok || cached.until > Date.now())) {
      // Most recently used last: the first entries are the ones dropped.
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached;
    }
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#queued(() => this.#fetch(source)).then((answer) => {
        this.#remember(key, answer);
        return answer;
      });
      this.#inFlight.set(key, pending);
      void pending.finally(() => this.#inFlight.delete(key));
    }
    return pending;
  }

  async #fetch(source: LogoSource): Promise<Cached> {
    const max = this.options.maxBytes ?? 512 * 1024;
    const failed: Cached = { ok: false, until: Date.now() + RETRY_FAILED_MS };
    try {
      const response = await httpGet(source.url, {
        userAgent: source.userAgent,
        policy: { ...source.policy, retries: 0, timeouts: LOGO_TIMEOUTS },
      });
      if (response.contentLength !== null && response.contentLength > max) {
        response.body.destroy();
        return failed;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > max) {
          response.body.destroy();
          return failed;
        }
        chunks.push(chunk);
      }
      const bytes = Buffer.concat(chunks);
      const type = imageTypeOf(bytes);
      return type ? { ok: true, type, bytes } : failed;
    } catch {
      // Dead logo hosts are common; the row shows the channel's initials instead.
      return failed;
    }
  }

  #remember(key: string, answer: Cached): void {
    const limit = this.options.cacheBytes ?? 24 * 1024 * 1024;
    const old = this.#cache.get(key);
    if (old?.ok) this.#cachedBytes -= old.bytes.length;
    this.#cache.set(key, answer);
    if (answer.ok) this.#cachedBytes += answer.bytes.length;
    for (const [k, entry] of this.#cache) {
      if (this.#cachedBytes <= limit && this.#cache.size <= 20_000) break;
      this.#cache.delete(k);
      if (entry.ok) this.#cachedBytes -= entry.bytes.length;
    }
  }

  async #queued<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= PARALLEL) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#running += 1;
    try {
      return await work();
    } finally {
      this.#running -= 1;
      this.#waiting.shift()?.();
    }
  }
}

function send(res: ServerResponse, type: string, bytes: Buffer, headOnly: boolean): void {
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': bytes.length,
    'Cache-Control': 'public, max-age=86400',
    // An SVG opened on its own must not run a script on this origin.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  });
  res.end(headOnly ? undefined : bytes);
}
