import { createServer, type Server, type Socket } from 'node:net';
import type { SshSession } from './ssh-session';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The agent's HLS preview listens on the VPS's loopback only. This brings it to the app: a local
 * loopback TCP listener whose every connection becomes an SSH `direct-tcpip` channel (forwardOut)
 * to that port, on whatever SSH session carries the agent now — so the preview keeps working
 * across reconnects on the same local address. Like the local engine's preview server, it is
 * loopback-only and serves nothing but what the agent's preview server serves.
 */
export class PreviewTunnel {
  readonly #session: () => SshSession | null;
  readonly #listeners = new Map<string, Promise<{ server: Server; base: string }>>();
  readonly #sockets = new Set<Socket>();

  constructor(session: () => SshSession | null) {
    this.#session = session;
  }

  /** The agent's preview URL (on the VPS's loopback) as a URL the app can open here. */
  async localUrl(remoteUrl: string): Promise<string> {
    const url = new URL(remoteUrl);
    if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) {
      throw new Error(`The agent's preview address ${url.origin} is not on its loopback: refused.`);
    }
    const host = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || 80);
    const { base } = await this.#listen(host, port);
    return `${base}${url.pathname}${url.search}`;
  }

  /** http://127.0.0.1:<port> of the tunnel to the first preview port seen, or null before any. */
  async baseUrl(): Promise<string | null> {
    const first = this.#listeners.values().next();
    return first.done ? null : (await first.value).base;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    const servers = await Promise.all([...this.#listeners.values()].map((p) => p.catch(() => null)));
    this.#listeners.clear();
    await Promise.all(servers.map((s) => (s ? new Promise<void>((resolve) => s.server.close(() => resolve())) : null)));
  }

  #listen(host: string, port: number): Promise<{ server: Server; base: string }> {
    const key = `${host}:${port}`;
    let listening = this.#listeners.get(key);
    if (!listening) {
      listening = new Promise((resolve, reject) => {
        const server = createServer((socket) => this.#forward(socket, host, port));
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          const address = server.address();
          const localPort = typeof address === 'object' && address ? address.port : 0;
          resolve({ server, base: `http://127.0.0.1:${localPort}` });
        });
      });
      this.#listeners.set(key, listening);
    }
    return listening;
  }

  #forward(socket: Socket, host: string, port: number): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.pause();
    const session = this.#session();
    if (!session) {
      socket.destroy();
      return;
    }
    session.forwardOut(host, port).then(
      (channel) => {
        channel.on('error', () => socket.destroy());
        channel.once('close', () => socket.destroy());
        socket.once('close', () => channel.close());
        socket.pipe(channel);
        channel.pipe(socket);
        socket.resume();
      },
      () => socket.destroy(),
    );
  }
}
