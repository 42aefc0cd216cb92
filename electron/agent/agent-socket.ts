import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { RpcError } from '@shared/contract/errors';
import { serveChannel } from '@shared/rpc/channel-server';
import type { ErrorFrame } from '@shared/rpc/protocol';
import { bindSession } from '../engine/accounts/session-binding';
import type { Engine } from '../engine/engine';
import { ndjsonChannel } from '../engine/rpc/ndjson-channel';
import { acceptHello } from './hello';
import { LOCAL_CONTEXT, localOwnerRouter } from './local-owner';
import { checkSocketPath } from './paths';

export interface AgentSocket {
  readonly path: string;
  /** Connections open now (hello received or not). */
  connections(): number;
  /** Stop listening, drop every connection, remove the socket file. */
  close(): Promise<void>;
}

export interface AgentSocketOptions {
  socketPath: string;
  engine: Engine;
  log: (message: string) => void;
  /** How long a new connection has to send its hello. */
  helloTimeoutMs?: number;
}

/**
 * The agent's RPC endpoint: a Unix socket, 0600, in the data folder — no TCP port. Any number of
 * clients at once; each says who it is in its first line (hello.ts), then speaks the contract as
 * NDJSON. A client leaving only closes its connection: lives keep running.
 */
export async function listenAgentSocket(options: AgentSocketOptions): Promise<AgentSocket> {
  checkSocketPath(options.socketPath);
  // The caller holds the data folder's lock, so a socket file left here is a dead engine's.
  rmSync(options.socketPath, { force: true });
  const sockets = new Set<Socket>();
  const localRouter = localOwnerRouter(options.engine);
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const channel = ndjsonChannel(socket);
    acceptHello(channel, options.helloTimeoutMs ?? 10_000).then(
      ({ hello, channel: rpc }) => {
        options.log(hello.client === 'cli' ? 'CLI connected' : `client connected through attach (${hello.peer})`);
        const { engine } = options;
        if (hello.client === 'cli') {
          serveChannel(rpc, {
            router: localRouter,
            events: engine.events,
            context: LOCAL_CONTEXT,
            canReceive: engine.canReceive,
          });
        } else {
          serveChannel(rpc, {
            router: engine.router,
            events: engine.events,
            context: { transport: 'stream', peer: hello.peer },
            updateContext: bindSession,
            canReceive: engine.canReceive,
          });
        }
      },
      (error: Error) => {
        const refusal: ErrorFrame = {
          t: 'err',
          id: null,
          error: new RpcError(
            'MALFORMED_FRAME',
            `The agent expected a hello line first (${error.message}): connect with \`livemanager-agent attach\`.`,
          ).toPayload(),
        };
        try {
          channel.send(JSON.stringify(refusal));
        } catch {
          // already gone
        }
        socket.end();
        socket.destroySoon();
      },
    );
  });
  // Created 0600 from the start (no window where the socket is open to others). The bind happens
  // inside listen(), synchronously: the umask is restored before anything else can run.
  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => resolve());
  });
  const umask = process.umask(0o177);
  try {
    server.listen(options.socketPath);
  } finally {
    process.umask(umask);
  }
  await listening;
  chmodSync(options.socketPath, 0o600);
  return {
    path: options.socketPath,
    connections: () => sockets.size,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      rmSync(options.socketPath, { force: true });
    },
  };
}
