/**
 * Where the app's own renderer runs: the Electron window (app://livemanager) and the browser
 * build's web host on a loopback port chosen at start. Only loopback origins: the preview is
 * loopback-only and unauthenticated, so local programs can read it anyway; CORS keeps remote
 * web pages out.
 */
export const APP_ORIGINS: readonly string[] = ['app://livemanager', 'http://127.0.0.1:*', 'http://localhost:*', 'http://[::1]:*'];

/**
 * `*` allows any origin; an entry ending in `:*` allows that scheme and host on any port
 * (`http://127.0.0.1:*`); anything else must match exactly.
 */
export function isOriginAllowed(allowed: readonly string[], origin: string): boolean {
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  const port = /:(\d{1,5})$/.exec(origin);
  return port !== null && allowed.includes(`${origin.slice(0, port.index)}:*`);
}
