/** Host names that can only mean this machine. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Which `Host` headers a listener answers. A page on another site can make a browser send
 * requests to a loopback port (DNS rebinding: its own name resolved to 127.0.0.1); the Host
 * header still carries that name, so anything but a loopback name is refused.
 */
export type HostRule =
  /** Loopback names with exactly this port (the app's preview). */
  | { readonly kind: 'loopback'; readonly port: number }
  /** Loopback names with any port: reached through a tunnel whose local port is not ours (the agent's preview). */
  | { readonly kind: 'loopbackAnyPort' }
  /** These `host` or `host:port` values (a public listener behind a proxy), or any when empty. */
  | { readonly kind: 'names'; readonly names: readonly string[] };

export function isHostAllowed(rule: HostRule, header: string | undefined): boolean {
  if (!header) return false; // HTTP/1.1 requires it; a request without one is not a browser's
  const host = header.trim().toLowerCase();
  const split = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(host);
  if (!split) return false;
  const [, name = '', port] = split;
  switch (rule.kind) {
    case 'loopback':
      return LOOPBACK_NAMES.includes(name) && port === String(rule.port);
    case 'loopbackAnyPort':
      return LOOPBACK_NAMES.includes(name);
    case 'names':
      return (
        rule.names.length === 0 || rule.names.some((allowed) => allowed.toLowerCase() === host || allowed.toLowerCase() === name)
      );
  }
}
