import { createServer } from 'node:net';

/**
 * A free TCP port on the loopback interface, chosen now. The desktop app fixes the preview
 * server's port before its window loads, so the window's Content-Security-Policy can name that
 * exact origin instead of every loopback port.
 */
export function pickLoopbackPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('No loopback port could be reserved.'))));
    });
  });
}
