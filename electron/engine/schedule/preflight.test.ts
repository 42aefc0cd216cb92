import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Destination, Live } from '@shared/contract/lives';
import { mediaFixture } from '../../../tests/support/media';
import { freeLoopbackPort } from '../../../tests/support/ports';
import { ffmpegTools } from '../ffmpeg/ffmpeg-tools';
import { StreamKeys } from '../lives/stream-keys';
import { MemorySecretStore } from '../secrets/secret-store';
import { preflightProblems, type PreflightDeps } from './preflight';

const KEY = 'live_abcd1234secretkey';
const PRIVATE_AUTH = `Basic ${Buffer.from('alice:url-Passw0rd').toString('base64')}`;

function destination(id: string, url: string, keyRef: string | null): Destination {
  return {
    id,
    name: `Ingest ${id}`,
    enabled: true,
    kind: 'custom-rtmp',
    url,
    streamKey:
      keyRef === null ? { keyRef: null, keyMasked: null, keySet: false } : { keyRef, keyMasked: 'live••••', keySet: true },
  };
}

function live(fields: Partial<Live>): Live {
  return {
    id: 'l1',
    title: 'Sunday show',
    ownerId: 'owner-1',
    source: { kind: 'testPattern' },
    destinations: [],
    encoding: { mode: 'auto' },
    loop: { kind: 'once' },
    start: { kind: 'once', at: '2026-05-01T20:00:00.000Z', timeZone: 'UTC' },
    end: { kind: 'none' },
    state: 'scheduled',
    createdAt: '2026-05-01T10:00:00.000Z',
    updatedAt: '2026-05-01T10:00:00.000Z',
    ...fields,
  };
}

let ingest: Server;
let ingestPort: number;
let http: HttpServer;
let httpPort: number;
let video: string;
const secrets = new MemorySecretStore();
const keys = new StreamKeys(secrets, () => undefined);
const deps: PreflightDeps = { readKey: (ref) => keys.read(ref), ffmpeg: ffmpegTools(), timeoutMs: 5_000 };

beforeAll(async () => {
  ingest = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => ingest.listen(0, '127.0.0.1', resolve));
  ingestPort = (ingest.address() as AddressInfo).port;
  http = createHttpServer((req, res) => {
    res.statusCode = req.url === '/live.m3u8' ? 200 : 404;
    // A source behind HTTP Basic credentials (alice / the URL password kept as a secret).
    if (req.url === '/private.m3u8') res.statusCode = req.headers.authorization === PRIVATE_AUTH ? 200 : 401;
    res.end('#EXTM3U\n');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  httpPort = (http.address() as AddressInfo).port;
  await secrets.set('k1', KEY); // what StreamKeys stores behind `secret:k1`
  video = await mediaFixture('h264-aac-360p', 2);
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => ingest.close(resolve));
  await new Promise((resolve) => http.close(resolve));
});

describe('pre-flight checks (real file, real sockets, real ffprobe)', () => {
  it('finds nothing wrong with a readable file, a listening ingest and a stored key', async () => {
    const ready = live({
      source: { kind: 'file', path: video },
      destinations: [destination('d1', `rtmp://127.0.0.1:${ingestPort}/live`, 'secret:k1')],
    });
    expect(await preflightProblems(ready, deps)).toEqual([]);
  });

  it('reports a missing file, a closed port and a missing key, without the key in any message', async () => {
    const closedPort = await freeLoopbackPort();
    const broken = live({
      source: { kind: 'file', path: '/nonexistent/show.mp4' },
      destinations: [
        destination('d1', `rtmp://127.0.0.1:${closedPort}/live`, 'secret:k1'),
        destination('d2', `rtmp://127.0.0.1:${ingestPort}/live`, 'secret:gone'),
        destination('d3', `rtmp://127.0.0.1:${ingestPort}/live`, null),
      ],
    });
    const problems = await preflightProblems(broken, deps);
    expect(problems).toEqual([
      // What lives.start would refuse comes first, in its words (shared/lives/start-readiness.ts).
      'Destination "Ingest d3" has no stream key: enter it before starting.',
      'The source file "/nonexistent/show.mp4" does not exist.',
      `Destination "Ingest d1" (127.0.0.1:${closedPort}) does not accept connections (connection refused).`,
      'The stream key of destination "Ingest d2" is missing from the secret store: enter it again.',
    ]);
    expect(problems.join('\n')).not.toContain(KEY);
  });

  it('reports a file ffprobe cannot read, and a host name that does not resolve', async () => {
    const problems = await preflightProblems(
      live({
        source: { kind: 'file', path: import.meta.filename },
        destinations: [destination('d1', 'rtmp://ingest.invalid/live', 'secret:k1')],
      }),
      deps,
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^The source file ".*preflight\.test\.ts" cannot be read: /);
    expect(problems[1]).toMatch(
      /^Destination "Ingest d1" \(ingest\.invalid:1935\): the host name ingest\.invalid does not resolve/,
    );
  });

  it('reports a live with no enabled destination', async () => {
    const disabled = { ...destination('d1', `rtmp://127.0.0.1:${ingestPort}/live`, 'secret:k1'), enabled: false };
    expect(await preflightProblems(live({ destinations: [disabled] }), deps)).toEqual([
      'This live has no enabled destination: add or enable one before starting.',
    ]);
  });

  it('checks that a source URL answers, naming the host only', async () => {
    const local = [
      {
        id: 'h',
        name: 'Preview',
        enabled: true,
        kind: 'hls-local' as const,
        streamKey: { keyRef: null, keyMasked: null, keySet: false as const },
      },
    ];
    const ok = live({
      source: { kind: 'url', url: `http://127.0.0.1:${httpPort}/live.m3u8`, format: 'hls' },
      destinations: local,
    });
    expect(await preflightProblems(ok, deps)).toEqual([]);
    const missing = live({
      source: { kind: 'url', url: `http://user:pa55@127.0.0.1:${httpPort}/gone.m3u8`, format: 'hls' },
      destinations: local,
    });
    expect(await preflightProblems({ ...missing }, deps)).toEqual([`The source at 127.0.0.1:${httpPort} answered HTTP 404.`]);
    const closedPort = await freeLoopbackPort();
    const down = live({
      source: { kind: 'url', url: `rtmp://127.0.0.1:${closedPort}/app/stream`, format: 'rtmp' },
      destinations: local,
    });
    expect(await preflightProblems(down, deps)).toEqual([
      `The source at 127.0.0.1:${closedPort} does not accept connections (connection refused).`,
    ]);
  });
});

describe('pre-flight of a source whose URL password is a secret', () => {
  it('logs in with the stored password behind the mask, as FFmpeg will', async () => {
    const masked = live({
      source: { kind: 'url', url: `http://alice:••••@127.0.0.1:${httpPort}/private.m3u8`, format: 'hls' },
      destinations: [],
      id: 'l-private',
    });
    const withPassword: PreflightDeps = {
      ...deps,
      sourcePassword: (liveId) => Promise.resolve(liveId === 'l-private' ? 'url-Passw0rd' : null),
    };
    expect(await preflightProblems(masked, withPassword)).toEqual([
      'This live has no enabled destination: add or enable one before starting.',
    ]);
    // Without it, the check would send the mask and be refused.
    expect(await preflightProblems(masked, deps)).toContain(`The source at 127.0.0.1:${httpPort} answered HTTP 401.`);
    const lost: PreflightDeps = {
      ...deps,
      sourcePassword: () => Promise.reject(new Error('The password in the source URL is missing.')),
    };
    expect(await preflightProblems(masked, lost)).toContain('The password in the source URL is missing.');
  });
});
