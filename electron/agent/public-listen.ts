import { isIP } from 'node:net';
import type { PublicListenerOptions } from '../engine/http/http-service';
import { UsageError, stringValue, type Command, type Values } from './command';

/** `serve`'s flags for where viewers reach the engine (docs/audience.md, "Where it listens"). */
export const PUBLIC_LISTEN_OPTIONS = {
  'public-listen': { type: 'string' },
  'public-url': { type: 'string' },
} as const;

export const PUBLIC_LISTEN_DETAILS = [
  '  --public-listen ADDR:PORT  serve the audience side (outputs, watch page, links) on this address and',
  '                      port: 127.0.0.1:8089 behind Caddy (the installer’s --domain), 0.0.0.0:8089 without',
  '                      a proxy. Off when absent.',
  '  --public-url URL    how viewers reach it (https://live.example.com): the addresses the app gives and',
  '                      the only Host names answered. Behind a proxy on this machine (a loopback ADDR), its',
  '                      X-Forwarded-For/-Proto are trusted from loopback peers only.',
];

/**
 * The engine's public listener from `--public-listen` / `--public-url`, or undefined when absent.
 * Any mistake is a UsageError naming the flag, before the engine starts.
 */
export function publicListenerOf(values: Values, command: Command): PublicListenerOptions | undefined {
  const listen = stringValue(values, 'public-listen');
  const url = stringValue(values, 'public-url');
  if (listen === undefined) {
    if (url !== undefined) throw new UsageError('--public-url needs --public-listen (where the engine listens).', command);
    return undefined;
  }
  const { host, port } = listenAddressOf(listen, command);
  const loopback = host === '127.0.0.1' || host === '::1' || host.startsWith('127.');
  const options: { -readonly [K in keyof PublicListenerOptions]: PublicListenerOptions[K] } = { host, port };
  if (url !== undefined) {
    const origin = publicOriginOf(url, command);
    options.publicUrl = origin.href.replace(/\/$/, '');
    options.hostNames = [origin.host];
  }
  if (loopback) options.trustProxy = true;
  return options;
}

function listenAddressOf(text: string, command: Command): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:]+)\]|([0-9.]+)):(\d{1,5})$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!match || host === undefined || isIP(host) === 0 || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new UsageError(
      `--public-listen takes an IP address and a port, e.g. 127.0.0.1:8089 or [::1]:8089 (not "${text}").`,
      command,
    );
  }
  return { host, port };
}

function publicOriginOf(text: string, command: Command): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not echoed: a mistyped address may carry credentials.
    throw new UsageError('--public-url takes an address such as https://live.example.com.', command);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError('--public-url starts with https:// (or http://).', command);
  }
  if (url.username !== '' || url.password !== '' || url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new UsageError('--public-url is only a scheme and a host name (and a port), e.g. https://live.example.com.', command);
  }
  return url;
}
