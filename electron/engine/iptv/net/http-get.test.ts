import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { IptvFailure } from '../iptv-failure';
import { DEFAULT_FETCH_POLICY, httpGet, VLC_USER_AGENT, type FetchPolicy } from './http-get';

/** A real HTTP server answering each request with the next of `answers` (the last one repeats). */
async function serve(answers: readonly ((res: http.ServerResponse) => void)[]) {
  const seen: { at: number; userAgent: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ at: performance.now(), userAgent: req.headers['user-agent'] });
    (answers[Math.min(seen.length, answers.length) - 1] as (res: http.ServerResponse) => void)(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/list.m3u`, seen };
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const fast: FetchPolicy = { ...DEFAULT_FETCH_POLICY, retries: 2, backoffMs: 40 };
const unavailable = (res: http.ServerResponse) => res.writeHead(503).end('busy');
const playlist = (res: http.ServerResponse) => res.writeHead(200, { 'content-type': 'audio/x-mpegurl' }).end('#EXTM3U\n');

async function text(url: string, policy: FetchPolicy): Promise<string> {
  const response = await httpGet(url, { userAgent: VLC_USER_AGENT, policy });
  let body = '';
  for await (const chunk of response.body) body += String(chunk);
  return body;
}

describe('engine HTTP requests', () => {
  it('retry a 503 with a growing wait between attempts, as a VLC-like player', async () => {
    const s = await serve([unavailable, unavailable, playlist]);
    expect(await text(s.url, fast)).toBe('#EXTM3U\n');
    expect(s.seen).toHaveLength(3);
    expect(s.seen.every((r) => r.userAgent === VLC_USER_AGENT)).toBe(true);
    const [a, b, c] = s.seen.map((r) => r.at) as [number, number, number];
    // Waits of 40 ms then 80 ms, each with up to 30 % less jitter.
    expect(b - a).toBeGreaterThanOrEqual(40 * 0.7 - 5);
    expect(c - b).toBeGreaterThanOrEqual(80 * 0.7 - 5);
  });

  it('give up after the retries with the status in words, and never retry a 404', async () => {
    const busy = await serve([unavailable]);
    const error = await text(busy.url, fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IptvFailure);
    expect((error as IptvFailure).message).toMatch(/answered HTTP 503/);
    expect(busy.seen).toHaveLength(3);
    const missing = await serve([(res) => res.writeHead(404).end()]);
    await expect(text(missing.url, fast)).rejects.toThrow(/answered HTTP 404/);
    expect(missing.seen).toHaveLength(1);
  });

  it('time out a server that never sends its headers, per hop, after the retries', async () => {
    const s = await serve([() => undefined]);
    const policy: FetchPolicy = {
      ...fast,
      retries: 1,
      timeouts: { ...DEFAULT_FETCH_POLICY.timeouts, headersMs: 150 },
    };
    const started = performance.now();
    const error = await text(s.url, policy).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IptvFailure);
    expect(s.seen).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * 150);
  });
});
