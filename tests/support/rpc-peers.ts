import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { z } from 'zod';
import { contract as appContract, type AppContract } from '@shared/contract';
import { event, method } from '@shared/contract/define';
import { RpcError } from '@shared/contract/errors';
import { serveChannel, type EventSource, type FlowLimits } from '@shared/rpc/channel-server';
import { createChannelClient, type ChannelClient } from '@shared/rpc/channel-client';
import type { FrameChannel } from '@shared/rpc/protocol';
import { createRouter, type Router } from '@shared/rpc/router';
import { websocketChannel, type WebSocketLike } from '@shared/rpc/websocket-channel';
import type { CallContext } from '../../electron/engine/context';
import { ffmpegTools } from '../../electron/engine/ffmpeg/ffmpeg-tools';
import { ndjsonChannel } from '../../electron/engine/rpc/ndjson-channel';
import { readSystemInfo } from '../../electron/engine/system/system-info';
import { startWebHost, type WebHost } from '../../electron/webhost/web-host';
import { startServe } from './agent-process';

/** A small contract to exercise transports, plus the real `system.info`. */
export const testContract = {
  methods: {
    'system.info': appContract.methods['system.info'],
    'test.echo': method({
      summary: 'Echo text back.',
      input: z.object({ text: z.string() }),
      output: z.object({ text: z.string() }),
    }),
    'test.slow': method({
      summary: 'Answer after ms milliseconds.',
      input: z.object({ ms: z.number().int().min(0).max(60_000), tag: z.string() }),
      output: z.object({ tag: z.string() }),
    }),
    'test.fail': method({ summary: 'Throw a plain Error holding a secret.', input: z.undefined().optional(), output: z.null() }),
    'test.refuse': method({ summary: 'Throw an RpcError.', input: z.undefined().optional(), output: z.null() }),
    'test.emit': method({
      summary: 'Emit count ticks, in order.',
      input: z.object({ count: z.number().int().min(1).max(10_000) }),
      output: z.null(),
    }),
    'test.big': method({
      summary: 'Answer with bytes characters.',
      input: z.object({ bytes: z.number().int().min(0) }),
      output: z.string(),
    }),
  },
  events: {
    'test.tick': event({ summary: 'One tick.', payload: z.object({ n: z.number().int() }) }),
  },
};
export type TestContract = typeof testContract;

export const LEAKY_SECRET = 'rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop';

/** The serving side: router, event source, and what the handlers have seen. */
export interface TestBackend {
  router: Router<CallContext>;
  events: EventSource;
  /** Number of `test.slow` calls currently running on the server. */
  slowRunning(): number;
  /** Number of `test.big` calls the server has run. */
  bigCalls(): number;
}

export function createTestBackend(): TestBackend {
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let slowRunning = 0;
  let bigCalls = 0;
  const router = createRouter<TestContract, CallContext>(testContract, {
    'system.info': () => readSystemInfo({ appVersion: '0.0.0-test', secretStorage: 'memory', ffmpeg: ffmpegTools() }),
    'test.echo': ({ text }) => ({ text }),
    'test.slow': async ({ ms, tag }) => {
      slowRunning++;
      await new Promise((resolve) => setTimeout(resolve, ms));
      slowRunning--;
      return { tag };
    },
    'test.fail': () => {
      throw new Error(`could not open ${LEAKY_SECRET}`);
    },
    'test.refuse': () => {
      throw new RpcError('CONFLICT', 'That live is already running.');
    },
    'test.emit': ({ count }) => {
      for (let n = 0; n < count; n++) for (const l of listeners) l('test.tick', { n });
      return null;
    },
    'test.big': ({ bytes }) => {
      bigCalls++;
      return 'x'.repeat(bytes);
    },
  });
  return {
    router,
    events: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    slowRunning: () => slowRunning,
    bigCalls: () => bigCalls,
  };
}

/** One client connection to a served contract, with what the tests need to poke at it. */
export interface PeerConnection<C extends TestContract | AppContract> {
  client: ChannelClient<C>;
  /** The client's side of the channel: add taps with onFrame. */
  channel: FrameChannel;
  protocolErrors: RpcError[];
  /** Write raw bytes/text as they are (NDJSON: no newline added; WebSocket: one text frame). */
  sendRaw(data: string): void;
  /** Make the serving side vanish abruptly. */
  killPeer(): Promise<void>;
  close(): Promise<void>;
  /** The serving side, when it runs in this process. */
  backend?: TestBackend;
  /** Stop the serving process (SIGSTOP) so a call sent now cannot be answered. */
  freezePeer?: () => void;
  /** Stop reading what the server sends (the bytes pile up in the OS, then on the server). */
  stopReading?: () => void;
  /** A second client of the same server. */
  another?: () => Promise<PeerConnection<C>>;
  /** What the server logged (connections it cut). */
  serverLog?: string[];
}

export interface Transport<C extends TestContract | AppContract> {
  name: string;
  kind: 'ndjson' | 'websocket';
  maxFrameBytes: number;
  connect(): Promise<PeerConnection<C>>;
}

function clientOver<C extends TestContract | AppContract>(contract: C, channel: FrameChannel, maxFrameBytes: number) {
  const protocolErrors: RpcError[] = [];
  const client = createChannelClient(contract, channel, {
    timeoutMs: 60_000,
    peerName: 'the test peer',
    maxFrameBytes,
    onProtocolError: (error) => protocolErrors.push(error),
  });
  return { client, protocolErrors };
}

/** NDJSON over a real Unix socket: the server mounts the test backend on every connection. */
export function unixSocketTransport(maxFrameBytes: number, limits?: Partial<FlowLimits>): Transport<TestContract> {
  return {
    name: 'NDJSON over a Unix socket',
    kind: 'ndjson',
    maxFrameBytes,
    async connect() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'lm-ndjson-'));
      const socketPath = path.join(dir, 'engine.sock');
      const backend = createTestBackend();
      const serverLog: string[] = [];
      const serverSockets = new Set<Socket>();
      const server: Server = createServer((socket) => {
        serverSockets.add(socket);
        socket.on('close', () => serverSockets.delete(socket));
        serveChannel(ndjsonChannel(socket, maxFrameBytes), {
          router: backend.router,
          events: backend.events,
          context: { transport: 'stream' },
          maxFrameBytes,
          log: (message) => serverLog.push(message),
          peerLabel: 'a Unix socket client',
          ...(limits ? { limits } : {}),
        });
      });
      await new Promise<void>((resolve) => server.listen(socketPath, resolve));
      const shutdown = async (): Promise<void> => {
        for (const s of serverSockets) s.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      };
      const open = async (first: boolean): Promise<PeerConnection<TestContract>> => {
        const socket = createConnection(socketPath);
        await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
        const channel = ndjsonChannel(socket, maxFrameBytes);
        const { client, protocolErrors } = clientOver(testContract, channel, maxFrameBytes);
        return {
          client,
          channel,
          protocolErrors,
          sendRaw: (data) => void socket.write(data),
          killPeer: shutdown,
          stopReading: () => void socket.pause(),
          another: () => open(false),
          serverLog,
          async close() {
            client.close();
            socket.destroy();
            if (!first) return;
            await shutdown();
            await rm(dir, { recursive: true, force: true });
          },
          backend,
        };
      };
      return open(true);
    },
  };
}

/** The WebSocket transport through the real web host, with the `ws` client. */
export function webHostTransport(maxFrameBytes: number, limits?: Partial<FlowLimits>): Transport<TestContract> {
  return {
    name: 'WebSocket through the web host',
    kind: 'websocket',
    maxFrameBytes,
    async connect() {
      const backend = createTestBackend();
      const rendererDir = await mkdtemp(path.join(os.tmpdir(), 'lm-renderer-'));
      const serverLog: string[] = [];
      const host: WebHost = await startWebHost({
        router: backend.router,
        events: backend.events,
        rendererDir,
        port: 0,
        maxFrameBytes,
        log: (message) => serverLog.push(message),
        ...(limits ? { limits } : {}),
      });
      const open = async (first: boolean): Promise<PeerConnection<TestContract>> => {
        const socket = await openWebSocket(`${host.origin.replace('http', 'ws')}/rpc?token=${host.token}`);
        const channel = websocketChannel(socket as unknown as WebSocketLike, maxFrameBytes);
        const { client, protocolErrors } = clientOver(testContract, channel, maxFrameBytes);
        return {
          client,
          channel,
          protocolErrors,
          sendRaw: (data) => socket.send(data),
          killPeer: () => host.close(),
          stopReading: () => socket.pause(),
          another: () => open(false),
          serverLog,
          async close() {
            client.close();
            socket.terminate();
            if (!first) return;
            await host.close();
            await rm(rendererDir, { recursive: true, force: true });
          },
          backend,
        };
      };
      return open(true);
    },
  };
}

export function openWebSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

/**
 * The built agent as the app reaches it: `serve` running on a temp data folder, and an `attach`
 * child bridging its stdio to serve's socket (what sshd runs). Killing the peer kills `serve`.
 */
export function agentAttachTransport(agentJs: string): Transport<AppContract> {
  return {
    name: 'NDJSON through agent attach to a running serve',
    kind: 'ndjson',
    maxFrameBytes: 1024 * 1024,
    async connect() {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lm-agent-'));
      const serve = await startServe(agentJs, dataDir);
      const child: ChildProcess = spawn(process.execPath, [agentJs, 'attach', '--data-dir', dataDir], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const attachExited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if (!child.stdin || !child.stdout) throw new Error('attach has no stdio');
      const stdin = child.stdin;
      const stream = Duplex.from({ readable: child.stdout, writable: stdin });
      const channel = ndjsonChannel(stream, 1024 * 1024);
      const { client, protocolErrors } = clientOver(appContract, channel, 1024 * 1024);
      return {
        client,
        channel,
        protocolErrors,
        sendRaw: (data) => void stdin.write(data),
        freezePeer: () => void serve.child.kill('SIGSTOP'),
        async killPeer() {
          serve.child.kill('SIGKILL');
          await serve.exited;
          await attachExited;
        },
        async close() {
          client.close();
          await attachExited;
          await serve.stop();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}
