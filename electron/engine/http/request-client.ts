import type { IncomingMessage } from 'node:http';
import type { RequestClient } from './http-routes';

/**
 * Who sent a request, and over which scheme. Behind a reverse proxy on this machine (`trustProxy`,
 * Caddy on a VPS), a request from a loopback peer is from the client the LAST `X-Forwarded-For`
 * entry names (the one the proxy added; earlier ones are whatever the client claimed), over
 * `X-Forwarded-Proto`. From any other peer those headers are the client's own words: ignored.
 */
export function requestClient(req: IncomingMessage, trustProxy: boolean): RequestClient {
  const peer = normalizeAddress(req.socket.remoteAddress ?? '');
  if (!trustProxy || !isLoopbackAddress(peer)) return { ip: peer, scheme: 'http' };
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const proto = String(req.headers['x-forwarded-proto'] ?? '')
    .trim()
    .toLowerCase();
  return { ip: normalizeAddress(forwarded.at(-1) ?? peer), scheme: proto === 'https' ? 'https' : 'http' };
}

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) is `192.0.2.1`. */
function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function isLoopbackAddress(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

/** Why a listener could not bind, in words that say what to do. */
export function bindErrorMessage(error: unknown, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `Port ${port} is already used by another program on ${host}: choose another port.`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this computer any more: choose another.`;
  if (code === 'EACCES') return `This program may not listen on ${host}:${port}: choose a port above 1023.`;
  return `Cannot listen on ${host}:${port}: ${(error as Error).message}`;
}
