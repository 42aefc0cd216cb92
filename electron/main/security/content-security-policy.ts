import type { Session } from 'electron';

export interface CspOptions {
  /** The engine's loopback HLS server (`http://127.0.0.1:8787`), once it listens. */
  hlsOrigin?: string | undefined;
  /** The loopback proxy that brings VPS agents' previews through SSH (targets/ssh/preview-proxy.ts). */
  vpsPreviewOrigin?: string | undefined;
  /** The Vite dev server in development: its inline refresh preamble and HMR socket need more. */
  devServerOrigin?: string | undefined;
}

const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d{1,5}$/;

/**
 * The renderer's Content-Security-Policy: scripts and styles from the app only, media and
 * playlists from the app and the engine's loopback HLS origin (hls.js plays through blob: URLs),
 * no plugins, no frames, no forms, no <base>. A non-loopback HLS origin is refused, never widened.
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const hls = [options.hlsOrigin, options.vpsPreviewOrigin].filter((o): o is string => !!o && LOOPBACK_ORIGIN.test(o));
  const dev = options.devServerOrigin ? [options.devServerOrigin] : [];
  const devSocket = options.devServerOrigin ? [options.devServerOrigin.replace(/^http/, 'ws')] : [];
  const directives: [string, string[]][] = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'", ...(dev.length ? [...dev, "'unsafe-inline'"] : [])]],
    // Radix and sonner set inline styles; no script can run from a style.
    ['style-src', ["'self'", "'unsafe-inline'", ...dev]],
    ['img-src', ["'self'", 'data:', 'blob:', ...hls]],
    ['font-src', ["'self'", 'data:']],
    ['media-src', ["'self'", 'blob:', ...hls]],
    ['connect-src', ["'self'", ...hls, ...dev, ...devSocket]],
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
    ['base-uri', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/**
 * Send the policy as a response header on every response the session receives, replacing any
 * policy a server sent (a header cannot be stripped by page content, unlike a <meta> tag).
 */
export function installContentSecurityPolicy(session: Pick<Session, 'webRequest'>, policy: () => string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [policy()];
    callback({ responseHeaders: headers });
  });
}
