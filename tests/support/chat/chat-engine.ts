import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { CHAT_SOCKET_PATH, type ChatRefusal, type ChatWelcome } from '@shared/chat/chat-protocol';
import { RpcError } from '@shared/contract/errors';
import type { LinkAddresses, Output, OutputLink } from '@shared/contract/outputs';
import { chatModule } from '../../../electron/engine/chat/chat-module';
import type { ChatPort } from '../../../electron/engine/chat/chat-port';
import type { ChatLimits } from '../../../electron/engine/chat/chat-server';
import { LOCAL_OWNER } from '../../../electron/engine/context';
import { createEngine, type Engine } from '../../../electron/engine/engine';
import { livesModule } from '../../../electron/engine/lives/lives-module';
import { restreamRuntime } from '../../../electron/engine/lives/runtime/restream-runtime';
import { outputsModule } from '../../../electron/engine/outputs/outputs-module';
import { MemorySecretStore } from '../../../electron/engine/secrets/secret-store';
import { freeLoopbackPort } from '../ports';
import { FAST_RUNTIME } from '../restream-engine';
import { waitFor } from '../wait-for';

export interface ChatEngine {
  readonly engine: Engine;
  /** The chat's port, as other domains and hosts reach it. */
  readonly chat: ChatPort;
  readonly base: string;
  readonly dataDir: string;
  /** Moves the engine's clock (expiries, mutes, retention) without waiting. */
  advance(ms: number): void;
  call<T>(method: string, params?: unknown): Promise<T>;
  /** An output and one link to it; `token` is the link's viewer token (what a watch page holds). */
  output(slug: string): Promise<{ output: Output; link: OutputLink; token: string; watch: string }>;
  newLink(outputId: string): Promise<{ link: OutputLink; token: string; watch: string }>;
  /** The app's own user (single-owner: the owner of every output) as chat staff. */
  staffToken(outputId: string, name?: string): string;
  close(): Promise<void>;
}

/** A real engine (lives, outputs, chat) with its public listener on a loopback port, in a temp folder. */
export async function startChatEngine(
  options: {
    limits?: ChatLimits;
    dataDir?: string;
    log?: (message: string, error?: unknown) => void;
    /** As behind Caddy: clients name their address with X-Forwarded-For (ChatClient's `ip`). */
    trustProxy?: boolean;
    redisUrl?: string;
    /** The built watch page (out/watch), for tests that open it in a browser. */
    watchAssetsDir?: string;
  } = {},
): Promise<ChatEngine> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'lm-chat-')));
  const port = await freeLoopbackPort();
  let offset = 0;
  const lives = livesModule(restreamRuntime(FAST_RUNTIME));
  const outputs = outputsModule({ watchAssetsDir: options.watchAssetsDir });
  const chat = chatModule({ limits: options.limits, redisUrl: options.redisUrl });
  const engine = await createEngine({
    appVersion: 'test',
    dataDir,
    secrets: options.dataDir ? sharedSecrets(dataDir) : new MemorySecretStore(),
    mode: 'single-owner',
    now: () => Date.now() + offset,
    publicListener: { host: '127.0.0.1', port, hostNames: [`127.0.0.1:${port}`], trustProxy: options.trustProxy === true },
    log: options.log ?? ((message, error) => console.error(`[engine] ${message}`, error ?? '')),
    modules: [lives, outputs, chat],
  });
  const call = async <T>(method: string, params?: unknown): Promise<T> => {
    const result = await engine.router.call(method, params, { transport: 'local' });
    if (!result.ok) throw RpcError.fromPayload(result.error);
    return result.value as T;
  };
  const newLink = async (outputId: string): Promise<{ link: OutputLink; token: string; watch: string }> => {
    const made = await call<{ link: OutputLink; addresses: LinkAddresses | null }>('outputs.createLink', {
      outputId,
      label: 'chat test',
      expiresInHours: 24,
      maxViewers: null,
    });
    const token = made.addresses && new URL(made.addresses.watch).searchParams.get('t');
    if (!token || !made.addresses) throw new Error('The link has no watch address: is the public listener on?');
    return { link: made.link, token, watch: made.addresses.watch };
  };
  const chatPort = engine.ports.get('chat');
  return {
    engine,
    chat: chatPort,
    base: `http://127.0.0.1:${port}`,
    dataDir,
    advance: (ms) => void (offset += ms),
    call,
    output: async (slug) => {
      const output = await call<Output>('outputs.create', { slug, title: `Salon ${slug}`, group: 'Tests', access: 'links' });
      return { output, ...(await newLink(output.id)) };
    },
    newLink,
    staffToken: (outputId, name = 'Streamer') => chatPort.staffToken(LOCAL_OWNER, outputId, name).chatToken,
    close: async () => {
      await engine.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Two engines started on one folder one after the other keep their signing keys: the store is the folder's. */
const secretStores = new Map<string, MemorySecretStore>();
function sharedSecrets(dataDir: string): MemorySecretStore {
  const store = secretStores.get(dataDir) ?? new MemorySecretStore();
  secretStores.set(dataDir, store);
  return store;
}

export type ChatAuthInput = { viewerToken: string; name: string } | { chatToken: string } | Record<string, unknown>;

/** One chat client as a viewer's page or the app's panel would be: socket.io over WebSocket. */
export class ChatClient {
  readonly received: { event: string; payload: unknown }[] = [];
  welcome: ChatWelcome | undefined;

  private constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      // A busy room's bundle (chat-batcher.ts) is read as the messages it holds, in order.
      if (event === 'messages') {
        for (const message of payload as unknown[]) this.received.push({ event: 'message', payload: message });
        return;
      }
      this.received.push({ event, payload });
      if (event === 'welcome') this.welcome = payload as ChatWelcome;
    });
  }

  /** Connects and waits for the welcome, or resolves with the refusal the server gave. */
  static async connect(
    base: string,
    auth: ChatAuthInput,
    /** The client's address, as a proxy names it (the engine must trust the proxy). */
    ip?: string,
  ): Promise<ChatClient | ChatRefusal> {
    const socket = io(base, {
      path: CHAT_SOCKET_PATH,
      transports: ['websocket'],
      auth,
      reconnection: false,
      forceNew: true,
      extraHeaders: ip === undefined ? {} : { 'X-Forwarded-For': ip },
    });
    const client = new ChatClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect_error', (error: Error & { data?: ChatRefusal }) => {
        socket.close();
        if (error.data) resolve(error.data);
        else reject(error);
      });
      socket.once('welcome', () => resolve(client));
    });
  }

  /** Connects, failing the test with the refusal when refused. */
  static async join(base: string, auth: ChatAuthInput, ip?: string): Promise<ChatClient & { welcome: ChatWelcome }> {
    const client = await ChatClient.connect(base, auth, ip);
    if (!(client instanceof ChatClient)) throw new Error(`Refused: ${client.code} (${client.message})`);
    return client as ChatClient & { welcome: ChatWelcome };
  }

  /** Sends one frame and resolves with the server's answer to it. */
  ask<T = unknown>(event: string, frame: unknown): Promise<T> {
    return this.socket.timeout(10_000).emitWithAck(event, frame) as Promise<T>;
  }

  /** The first event `event` received (now or later) whose payload passes `test`. */
  async next<T>(event: string, test: (payload: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
    const found = await waitFor(() => this.received.find((r) => r.event === event && test(r.payload as T)), {
      timeoutMs,
      intervalMs: 20,
      what: `chat event ${event}`,
    });
    return found.payload as T;
  }

  /** Resolves once the server closed this connection. */
  disconnected(): Promise<string> {
    if (!this.socket.connected) return Promise.resolve('already disconnected');
    return new Promise((resolve) => this.socket.once('disconnect', (reason) => resolve(reason)));
  }

  close(): void {
    this.socket.close();
  }
}
