import { isIP } from 'node:net';
import { UsageError, stringValue, type Command, type Values } from './command';

/** Where Debian's `caddy` package reads its configuration. */
export const DEBIAN_CADDYFILE = '/etc/caddy/Caddyfile';
export const DEFAULT_PUBLIC_PORT = 8089;

export const CADDY_OPTIONS = {
  domain: { type: 'string' },
  'public-port': { type: 'string' },
  caddyfile: { type: 'string' },
} as const;

export const CADDY_DETAILS = [
  '  --domain NAME      serve viewers over HTTPS at https://NAME: the unit runs serve with --public-listen',
  '                     127.0.0.1:PORT --public-url https://NAME, and Caddy (apt install caddy) is written as its',
  '                     reverse proxy with automatic certificates (ports 80 and 443 must reach this machine)',
  `  --public-port N    the engine's viewer port behind Caddy (default ${DEFAULT_PUBLIC_PORT})`,
  `  --caddyfile FILE   where to write Caddy's configuration (default ${DEBIAN_CADDYFILE})`,
];

export interface CaddyStep {
  readonly domain: string;
  readonly port: number;
  readonly caddyfile: string;
  /** What `serve` gets in the unit. */
  readonly serveArgs: readonly string[];
}

/** The Caddy step asked by `--domain` (null without it); a wrong value is a UsageError naming the flag. */
export function caddyStepOf(values: Values, command: Command): CaddyStep | null {
  const domain = stringValue(values, 'domain')?.toLowerCase();
  const portText = stringValue(values, 'public-port');
  if (domain === undefined) {
    if (portText !== undefined || stringValue(values, 'caddyfile') !== undefined) {
      throw new UsageError('--public-port and --caddyfile go with --domain.', command);
    }
    return null;
  }
  // A public DNS name: Caddy gets a certificate for it, and it lands in a config file (no spaces, braces, quotes).
  const labels = domain.split('.');
  const valid =
    domain.length <= 253 &&
    labels.length >= 2 &&
    isIP(domain) === 0 &&
    labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l)) &&
    /[a-z]/.test(labels.at(-1) ?? '');
  if (!valid) throw new UsageError(`--domain takes a DNS name such as live.example.com (not "${domain}").`, command);
  const port = portText === undefined ? DEFAULT_PUBLIC_PORT : Number(portText);
  if (!/^\d{1,5}$/.test(portText ?? '0') || !Number.isInteger(port) || port < 1024 || port > 65_535) {
    throw new UsageError('--public-port takes a port from 1024 to 65535.', command);
  }
  return {
    domain,
    port,
    caddyfile: stringValue(values, 'caddyfile') ?? DEBIAN_CADDYFILE,
    serveArgs: ['--public-listen', `127.0.0.1:${port}`, '--public-url', `https://${domain}`],
  };
}

/**
 * Caddy as the HTTPS reverse proxy in front of the engine's public listener: automatic
 * certificates for the domain, the client's address passed on in X-Forwarded-For (the engine
 * trusts it from loopback only), compression for playlists and pages (segments are already compressed).
 */
export function renderCaddyfile(step: Pick<CaddyStep, 'domain' | 'port'>, version: string): string {
  return [
    `# Written by \`livemanager-agent install-service --domain\` (${version}); changes made here by hand are overwritten.`,
    `${step.domain} {`,
    '  encode gzip',
    `  reverse_proxy 127.0.0.1:${step.port}`,
    '}',
    '',
  ].join('\n');
}
