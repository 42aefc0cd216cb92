import { connect, createServer, type Socket } from 'node:net';

/**
 * A loopback TCP relay that can go silent: `freeze()` stops moving bytes both ways without closing
 * anything — a dead NAT entry or an unplugged cable, which only keepalives can detect. `thaw()`
 * drops the frozen connections and relays new ones again.
 */
export interface TcpProxy {
  readonly port: number;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  const stalled = new Set<Socket>();
  let frozen = false;
  const server = createServer((client) => {
    client.on('error', () => undefined);
    if (frozen) {
      // Accepted, never answered, until thawed.
      client.pause();
      stalled.add(client);
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.once('close', drop);
    upstream.once('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    freeze() {
      frozen = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    thaw() {
      frozen = false;
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      for (const client of stalled) client.destroy();
      stalled.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [client, upstream] of pairs) {
          client.destroy();
          upstream.destroy();
        }
        for (const client of stalled) client.destroy();
        server.close(() => resolve());
      }),
  };
}
