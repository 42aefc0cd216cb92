import { connect, createServer, type Socket } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * A loopback TCP relay that can go silent: `freeze()` stops moving bytes both ways without closing
 * anything — a dead NAT entry or an unplugged cable, which only keepalives can detect. `thaw()`
 * drops the frozen connections and relays new ones again.
 */
export interface TcpProxy {
  readonly port: number;
  /** (Unpaced relays only.) */
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

/** Paces the bytes through it to `bytesPerSecond`, as a link of that capacity would. */
class Pace extends Transform {
  #nextFree = 0;
  constructor(private readonly bytesPerSecond: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const now = performance.now();
    const start = Math.max(now, this.#nextFree);
    this.#nextFree = start + (chunk.length / this.bytesPerSecond) * 1000;
    setTimeout(() => done(null, chunk), Math.max(0, this.#nextFree - now));
  }
}

export interface TcpProxyOptions {
  /** Limit each direction to this many bytes per second (a link slower than loopback). */
  readonly bytesPerSecond?: number;
}

export async function startTcpProxy(targetPort: number, options: TcpProxyOptions = {}): Promise<TcpProxy> {
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
    const rate = options.bytesPerSecond;
    if (rate) {
      client.pipe(new Pace(rate)).pipe(upstream);
      upstream.pipe(new Pace(rate)).pipe(client);
    } else {
      client.pipe(upstream);
      upstream.pipe(client);
    }
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
