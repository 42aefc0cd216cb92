import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { IptvFailure, shownUrl } from '../iptv-failure';
import { checkFetchUrl } from '../input-url';
import { isPrivateAddress, PrivateAddressError, publicOnlyLookup } from './address-guard';

/**
 * Many panels refuse anything that does not look like a player (403, an empty body or an HTML
 * page), so the engine introduces itself as VLC unless the provider says otherwise.
 */
export const VLC_USER_AGENT = 'VLC/3.0.21 LibVLC/3.0.21';

/** One timeout per hop, so a slow panel and a dead one get different messages. */
export interface FetchTimeouts {
  /** TCP connection established. */
  readonly connectMs: number;
  /** From connected to the response headers (TLS handshake included). */
  readonly headersMs: number;
  /** Longest silence while the body streams in. */
  readonly bodyIdleMs: number;
}

export interface FetchPolicy {
  readonly timeouts: FetchTimeouts;
  /** Extra attempts after a connection failure, a timeout before the headers, a 5xx or a 429. */
  readonly retries: number;
  /** First wait between attempts; doubled each time, with jitter. */
  readonly backoffMs: number;
  readonly maxRedirects: number;
  /**
   * May the fetch reach loopback, private and link-local addresses? True for the desktop and
   * for admins; false for a non-admin's provider on a shared agent (the agent's own services,
   * the cloud's metadata endpoint).
   */
  readonly privateNetworks: boolean;
}

export const DEFAULT_FETCH_POLICY: FetchPolicy = Object.freeze({
  timeouts: Object.freeze({ connectMs: 10_000, headersMs: 30_000, bodyIdleMs: 30_000 }),
  retries: 2,
  backoffMs: 1_000,
  maxRedirects: 5,
  privateNetworks: true,
});

export interface HttpGetOptions {
  readonly userAgent: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly policy?: FetchPolicy;
  /** Values to mask in messages besides what the URL redactor already finds. */
  readonly secrets?: readonly string[];
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Decoded from its Content-Encoding; the caller reads or destroys it. */
  readonly body: Readable;
  readonly contentLength: number | null;
}

/**
 * GET a URL from the engine: per-hop timeouts, redirects re-checked against the allow-list,
 * retries with backoff for failures worth retrying. Answers 2xx only; anything else throws an
 * IptvFailure naming the host and what went wrong (credentials masked).
 */
export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpResponse> {
  const policy = options.policy ?? DEFAULT_FETCH_POLICY;
  for (let attempt = 0; ; attempt++) {
    try {
      return await followRedirects(url, options, policy);
    } catch (error) {
      if (!(error instanceof Retryable) || attempt >= policy.retries || options.signal?.aborted) {
        throw error instanceof Retryable ? error.failure : error;
      }
      const delay = policy.backoffMs * 2 ** attempt * (0.7 + 0.3 * Math.random());
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  }
}

/** Wraps a failure that another attempt might not meet. */
class Retryable extends Error {
  constructor(readonly failure: IptvFailure) {
    super(failure.message);
  }
}

async function followRedirects(url: string, options: HttpGetOptions, policy: FetchPolicy): Promise<HttpResponse> {
  let current = url;
  for (let hop = 0; hop <= policy.maxRedirects; hop++) {
    const checked = checkFetchUrl(current);
    if (!checked.ok)
      throw new IptvFailure('bad-response', `Cannot fetch ${shownUrl(current, options.secrets)}: ${checked.reason}.`);
    const target = new URL(current);
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (!policy.privateNetworks && isPrivateAddress(literal)) throw privateAddressFailure(target.host);
    const response = await requestOnce(target, options, policy);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location) {
      response.destroy();
      current = new URL(location, target).toString();
      continue;
    }
    if (status < 200 || status >= 300) {
      response.destroy();
      const failure = new IptvFailure(
        'http-status',
        `${shownUrl(current, options.secrets)} answered HTTP ${status}${response.statusMessage ? ` (${response.statusMessage})` : ''}.`,
      );
      throw status >= 500 || status === 429 ? new Retryable(failure) : failure;
    }
    const length = Number(response.headers['content-length']);
    return {
      status,
      headers: response.headers,
      body: decoded(response),
      contentLength: Number.isFinite(length) && response.headers['content-encoding'] === undefined ? length : null,
    };
  }
  throw new IptvFailure('bad-response', `${shownUrl(url, options.secrets)} redirected more than ${policy.maxRedirects} times.`);
}

function requestOnce(url: URL, options: HttpGetOptions, policy: FetchPolicy): Promise<IncomingMessage> {
  const host = url.host;
  const timeouts = policy.timeouts;
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'GET',
      headers: { 'user-agent': options.userAgent, accept: '*/*', 'accept-encoding': 'gzip, deflate, br', ...options.headers },
      signal: options.signal,
      // One connection per request: the per-hop timers are set on the socket, and a pooled socket
      // would carry them into the next request. Catalog refreshes make a handful of requests.
      agent: false,
      ...(policy.privateNetworks ? {} : { lookup: publicOnlyLookup }),
    });
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number, failure: () => Error): void => {
      clearTimeout(timer);
      timer = setTimeout(() => request.destroy(failure()), ms);
      timer.unref();
    };
    const headersTimeout = (): Error =>
      new Retryable(
        new IptvFailure('timeout', `${host} accepted the connection but did not answer within ${seconds(timeouts.headersMs)}.`),
      );
    arm(
      timeouts.connectMs,
      () =>
        new Retryable(new IptvFailure('timeout', `${host} did not accept a connection within ${seconds(timeouts.connectMs)}.`)),
    );
    request.on('socket', (socket) => {
      if (!socket.connecting) arm(timeouts.headersMs, headersTimeout);
      else socket.once('connect', () => arm(timeouts.headersMs, headersTimeout));
    });
    request.on('response', (response) => {
      clearTimeout(timer);
      // Body idle: the socket's own inactivity timer, for as long as the body is read.
      response.socket.setTimeout(timeouts.bodyIdleMs, () => {
        response.destroy(
          new IptvFailure('timeout', `${host} stopped sending for ${seconds(timeouts.bodyIdleMs)}; the download was cut short.`),
        );
      });
      resolve(response);
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof Retryable || error instanceof IptvFailure ? error : networkFailure(error, host));
    });
    request.end();
  });
}

function privateAddressFailure(host: string): IptvFailure {
  return new IptvFailure(
    'private-address',
    `${host} is a local or private network address; on a shared agent only an admin may fetch from one.`,
  );
}

function networkFailure(error: Error, host: string): Error {
  if (error instanceof PrivateAddressError) return privateAddressFailure(host);
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (error.name === 'AbortError') return new IptvFailure('internal', 'The download was cancelled.');
  const why: Record<string, string> = {
    ECONNREFUSED: 'connection refused: nothing listens there',
    ENOTFOUND: 'no such host name',
    EAI_AGAIN: 'the host name could not be looked up',
    ECONNRESET: 'the connection was reset',
    EHOSTUNREACH: 'the host is unreachable',
    ENETUNREACH: 'the network is unreachable',
    ETIMEDOUT: 'the connection timed out',
  };
  if (code in why) return new Retryable(new IptvFailure('unreachable', `Cannot reach ${host}: ${why[code]}.`));
  if (code.startsWith('ERR_TLS') || code.includes('CERT')) {
    return new IptvFailure('unreachable', `Cannot open a secure connection to ${host} (${code}).`);
  }
  return new Retryable(new IptvFailure('unreachable', `Cannot reach ${host} (${code || error.message.slice(0, 80)}).`));
}

/** The body as sent, decompressed when the server compressed it on the wire. */
function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : null;
  if (!decoder) return response;
  response.on('error', (error) => decoder.destroy(error));
  decoder.on('close', () => response.destroy());
  return response.pipe(decoder);
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
