import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'node:net';
import { freeLoopbackPort } from './ports';
import { waitFor } from './wait-for';

/**
 * A stand-in for YouTube/Twitch ingest: Debian's nginx with the RTMP module on random loopback
 * ports. Publishing is allowed only for listed stream keys: nginx asks our `on_publish` hook (a
 * tiny Node HTTP server, so tests can count attempts per key) and refuses the rest.
 */
export interface RtmpPeer {
  readonly rtmpPort: number;
  readonly httpPort: number;
  /** Base URL a destination pushes to, without the key: rtmp://127.0.0.1:<port>/live */
  readonly ingestUrl: string;
  publishUrl(key: string): string;
  /** Every on_publish call nginx made for this key (accepted or refused). */
  publishAttempts(key: string): number;
  /** Parsed `rtmp_stat` page: the streams currently being published. */
  streams(): Promise<RtmpStreamStat[]>;
  /** The stream under `key`, once it has received at least `minBytes`. */
  waitForBytes(key: string, minBytes?: number, timeoutMs?: number): Promise<RtmpStreamStat>;
  allowKey(key: string): void;
  /** Stop nginx (ingest down); the hook server and ports stay reserved for `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stop everything and delete the temp folder. */
  close(): Promise<void>;
}

export interface RtmpStreamStat {
  readonly name: string;
  readonly bytesIn: number;
  readonly bwIn: number;
  readonly publishing: boolean;
  readonly videoCodec: string | undefined;
  readonly audioCodec: string | undefined;
}

const MODULE_CANDIDATES = ['/usr/lib/nginx/modules/ngx_rtmp_module.so', '/usr/share/nginx/modules/ngx_rtmp_module.so'];
const NGINX = '/usr/sbin/nginx';

export function nginxRtmpAvailable(): boolean {
  return existsSync(NGINX) && MODULE_CANDIDATES.some((p) => existsSync(p));
}

export async function startNginxRtmp(options: { keys: readonly string[] }): Promise<RtmpPeer> {
  const modulePath = MODULE_CANDIDATES.find((p) => existsSync(p));
  if (!modulePath) throw new Error('libnginx-mod-rtmp is not installed');
  const prefix = await mkdtemp(path.join(tmpdir(), 'lm-nginx-'));
  await mkdir(path.join(prefix, 'logs'), { recursive: true });
  const allowed = new Set(options.keys);
  const attempts = new Map<string, number>();
  const hook = await startPublishHook(allowed, attempts);
  const rtmpPort = await freeLoopbackPort();
  const httpPort = await freeLoopbackPort();
  const confPath = path.join(prefix, 'nginx.conf');
  await writeFile(confPath, nginxConf({ modulePath, prefix, rtmpPort, httpPort, hookPort: hook.port }));

  let child: ChildProcess | undefined;
  let stderr = '';
  const start = async (): Promise<void> => {
    if (child) return;
    stderr = '';
    const proc = spawn(NGINX, ['-p', prefix, '-c', confPath, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    // A test that dies before `close()` must not leave nginx running behind it.
    const killOnExit = (): void => void proc.kill('SIGKILL');
    process.once('exit', killOnExit);
    proc.on('exit', () => {
      process.off('exit', killOnExit);
      if (child === proc) child = undefined;
    });
    child = proc;
    await waitFor(async () => (await canConnect(rtmpPort)) && (await canConnect(httpPort)), {
      timeoutMs: 15_000,
      what: () => `nginx-rtmp to listen (${stderr.trim()})`,
    });
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM'); // fast shutdown: drops publishers at once, like an ingest outage
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    child = undefined;
    await waitFor(async () => !(await canConnect(rtmpPort)), { timeoutMs: 10_000, what: 'nginx to stop listening' });
  };

  const streams = async (): Promise<RtmpStreamStat[]> => {
    const response = await fetch(`http://127.0.0.1:${httpPort}/stat`);
    return parseRtmpStat(await response.text());
  };

  await start();
  return {
    rtmpPort,
    httpPort,
    ingestUrl: `rtmp://127.0.0.1:${rtmpPort}/live`,
    publishUrl: (key) => `rtmp://127.0.0.1:${rtmpPort}/live/${key}`,
    publishAttempts: (key) => attempts.get(key) ?? 0,
    streams,
    waitForBytes: async (key, minBytes = 1, timeoutMs = 20_000) =>
      waitFor(async () => (await streams()).find((s) => s.name === key && s.bytesIn >= minBytes), {
        timeoutMs,
        what: `stream "${key}" to receive ${minBytes} bytes at nginx-rtmp`,
      }),
    allowKey: (key) => allowed.add(key),
    stop,
    start,
    close: async () => {
      await stop();
      await new Promise<void>((resolve) => hook.server.close(() => resolve()));
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

/** Parse nginx-rtmp's XML stat page with regexes: small, known shape, no XML dependency. */
export function parseRtmpStat(xml: string): RtmpStreamStat[] {
  const result: RtmpStreamStat[] = [];
  for (const match of xml.matchAll(/<stream>([\s\S]*?)<\/stream>/g)) {
    const body = match[1] ?? '';
    const tag = (name: string, within = body): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(within)?.[1];
    const video = /<video>([\s\S]*?)<\/video>/.exec(body)?.[1] ?? '';
    const audio = /<audio>([\s\S]*?)<\/audio>/.exec(body)?.[1] ?? '';
    result.push({
      name: tag('name') ?? '',
      bytesIn: Number(tag('bytes_in') ?? 0),
      bwIn: Number(tag('bw_in') ?? 0),
      publishing: /<publishing\/>/.test(body),
      videoCodec: tag('codec', video),
      audioCodec: tag('codec', audio),
    });
  }
  return result;
}

function nginxConf(o: { modulePath: string; prefix: string; rtmpPort: number; httpPort: number; hookPort: number }): string {
  // One process (no master) so a test crash never leaves an orphaned worker behind.
  return `load_module ${o.modulePath};
master_process off;
error_log ${o.prefix}/logs/error.log warn;
pid ${o.prefix}/nginx.pid;
lock_file ${o.prefix}/nginx.lock;
events { worker_connections 256; }
rtmp {
  server {
    listen 127.0.0.1:${o.rtmpPort};
    chunk_size 4096;
    application live {
      live on;
      record off;
      notify_method get;
      on_publish http://127.0.0.1:${o.hookPort}/on_publish;
    }
  }
}
http {
  access_log off;
  client_body_temp_path ${o.prefix}/body;
  proxy_temp_path ${o.prefix}/proxy;
  fastcgi_temp_path ${o.prefix}/fastcgi;
  uwsgi_temp_path ${o.prefix}/uwsgi;
  scgi_temp_path ${o.prefix}/scgi;
  server {
    listen 127.0.0.1:${o.httpPort};
    location /stat { rtmp_stat all; }
  }
}
`;
}

async function startPublishHook(
  allowed: ReadonlySet<string>,
  attempts: Map<string, number>,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hook');
    const key = url.searchParams.get('name') ?? '';
    attempts.set(key, (attempts.get(key) ?? 0) + 1);
    // nginx-rtmp treats any 2xx as "publish allowed" and anything else as a refusal.
    res.writeHead(allowed.has(key) ? 204 : 403).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
