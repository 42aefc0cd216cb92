import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from './ports';
import { waitFor } from './wait-for';

/**
 * HTTPS in front of a VPS engine: Debian's Caddy as the reverse proxy, with its internal CA
 * instead of Let's Encrypt (no network here). The same Caddyfile shape the docs and the agent
 * installer give (docs/agent.md), on random loopback ports, in a temp HOME.
 */
export interface CaddyPeer {
  /** `https://<site>:<port>`. */
  readonly origin: string;
  readonly site: string;
  readonly port: number;
  /** The internal CA's root certificate (PEM), to trust in clients. */
  readonly rootCa: string;
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<HttpsAnswer>;
  close(): Promise<void>;
}

export interface HttpsAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

const CADDY = '/usr/bin/caddy';

export function caddyAvailable(): boolean {
  return existsSync(CADDY);
}

export async function startCaddy(options: { site: string; upstreamPort: number; port?: number }): Promise<CaddyPeer> {
  const home = await mkdtemp(path.join(tmpdir(), 'lm-caddy-'));
  const port = options.port ?? (await freeLoopbackPort());
  const httpPort = await freeLoopbackPort();
  const caddyfile = path.join(home, 'Caddyfile');
  await writeFile(
    caddyfile,
    [
      '{',
      '  admin off',
      `  http_port ${httpPort}`,
      `  https_port ${port}`,
      '  skip_install_trust',
      '  auto_https disable_redirects',
      '}',
      `${options.site}:${port} {`,
      '  bind 127.0.0.1',
      '  tls internal',
      '  encode gzip',
      `  reverse_proxy 127.0.0.1:${options.upstreamPort}`,
      '}',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, HOME: home, XDG_DATA_HOME: path.join(home, 'data'), XDG_CONFIG_HOME: path.join(home, 'config') };
  const child: ChildProcess = spawn(CADDY, ['run', '--config', caddyfile, '--adapter', 'caddyfile'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-8000)));
  let exited = false;
  child.on('exit', () => (exited = true));
  const rootFile = path.join(home, 'data/caddy/pki/authorities/local/root.crt');
  const rootCa = await waitFor(
    async () => {
      if (exited) throw new Error(`caddy exited: ${log}`);
      return readFile(rootFile, 'utf8').catch(() => null);
    },
    { timeoutMs: 20_000, what: () => `Caddy's internal CA (${log.slice(-500)})` },
  );
  const get = (pathAndQuery: string, headers: Record<string, string> = {}): Promise<HttpsAnswer> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: pathAndQuery,
          servername: options.site,
          ca: rootCa,
          headers: { Host: `${options.site}:${port}`, ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  // Caddy issues the site's certificate just after start: wait until a TLS handshake succeeds.
  await waitFor(() => get('/').then(() => true), { timeoutMs: 20_000, what: () => `Caddy to serve TLS (${log.slice(-500)})` });
  return {
    origin: `https://${options.site}:${port}`,
    site: options.site,
    port,
    rootCa,
    get,
    close: async () => {
      if (!exited) {
        child.kill('SIGTERM');
        await waitFor(() => exited, { timeoutMs: 10_000, what: 'caddy to exit' });
      }
      await rm(home, { recursive: true, force: true });
    },
  };
}
