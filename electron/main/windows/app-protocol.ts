import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Net, Protocol } from 'electron';

/**
 * The renderer is served from `app://livemanager/` rather than file://: a real origin for CSP
 * `'self'` and sender checks, response headers we control, and no access to other local files.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'livemanager';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Must run before the app is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * The file under `rootDir` an app:// URL names, or null when it is another host or escapes the
 * folder. Paths without an extension fall back to index.html (client-side routes).
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0')) return null;
  if (relative === '/' || path.posix.extname(relative) === '') relative = '/index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, '.' + relative);
  return file.startsWith(root + path.sep) ? file : null;
}

/** Serve the built renderer on app://, each response carrying the Content-Security-Policy. */
export function serveAppProtocol(
  protocol: Pick<Protocol, 'handle'>,
  net: Pick<Net, 'fetch'>,
  rootDir: string,
  policy: () => string,
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rootDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', policy());
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
