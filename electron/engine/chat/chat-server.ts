import type { IncomingMessage } from 'node:http';
import { Server as EngineIoServer } from 'engine.io';
import { Server, type Socket } from 'socket.io';
import {
  CHAT_FRAME_MAX_BYTES,
  CHAT_SOCKET_PATH,
  CHAT_TRANSPORT_MAX_BYTES,
  ChatAuth,
  chatRefusal,
  HistoryFrame,
  ModerateFrame,
  ReactFrame,
  SendFrame,
  type ChatRefusal,
} from '@shared/chat/chat-protocol';
import type { z } from 'zod';
import type { HttpService, RequestClient } from '../http/http-service';
import { admit, type ChatTokenPort } from './chat-admission';
import { moderate } from './chat-moderation';
import type { ChatFanout, ChatRooms, ChatSession, Outcome } from './chat-rooms';
import { ChatBatcher } from './chat-batcher';
import { ChatPresence } from './chat-presence';
import { TokenBuckets, type BucketRate } from './token-bucket';

export interface ChatLimits {
  /** Frames one connection may send: a burst, then a rate. */
  readonly perConnection: BucketRate;
  /** Frames one address may send over all its connections. */
  readonly perAddress: BucketRate;
  /** Connection attempts one address may make (a forged-token flood is cheap to refuse). */
  readonly connectsPerAddress: BucketRate;
  /** Connections one address may hold at once. */
  readonly connectionsPerAddress: number;
  /** Frames a connection may send while refused for its rate before it is closed as a flood. */
  readonly floodStrikes: number;
}

export const DEFAULT_CHAT_LIMITS: ChatLimits = Object.freeze({
  perConnection: { capacity: 5, perSecond: 1 },
  perAddress: { capacity: 30, perSecond: 10 },
  connectsPerAddress: { capacity: 20, perSecond: 2 },
  connectionsPerAddress: 20,
  floodStrikes: 20,
});

/**
 * socket.io on the engine's public listener, WebSocket only (no long-polling: nothing to make
 * sticky when several engines share a room). Every frame is checked for its event, size and
 * rate before its schema; a refusal answers that frame alone and disturbs no one else.
 */
export class ChatServer {
  readonly io: Server;
  readonly #engine: EngineIoServer;
  readonly #clients = new WeakMap<IncomingMessage, RequestClient>();
  readonly #sessions = new Map<string, ChatSession>();
  readonly #connections = new Map<string, number>();
  readonly #frameBuckets: TokenBuckets;
  readonly #addressBuckets: TokenBuckets;
  readonly #connectBuckets: TokenBuckets;
  readonly #removeUpgrade: () => void;
  readonly presence: ChatPresence;
  readonly #batcher = new ChatBatcher((room, event, payload) => void this.io.to(roomOf(room)).emit(event, payload));

  constructor(
    http: HttpService,
    private readonly rooms: () => ChatRooms,
    private readonly tokens: ChatTokenPort,
    private readonly limits: ChatLimits,
    now: () => number,
    private readonly log: (message: string, error?: unknown) => void,
  ) {
    this.#frameBuckets = new TokenBuckets(limits.perConnection, now);
    this.#addressBuckets = new TokenBuckets(limits.perAddress, now);
    this.#connectBuckets = new TokenBuckets(limits.connectsPerAddress, now);
    this.#engine = new EngineIoServer({
      transports: ['websocket'],
      allowUpgrades: false,
      maxHttpBufferSize: CHAT_TRANSPORT_MAX_BYTES,
      perMessageDeflate: false,
    });
    this.io = new Server({ serveClient: false, path: CHAT_SOCKET_PATH });
    this.io.bind(this.#engine);
    this.presence = new ChatPresence((room, count) => this.io.to(roomOf(room)).emit('presence', { count }));
    this.#removeUpgrade = http.upgrade({
      listener: 'public',
      pathPrefix: CHAT_SOCKET_PATH,
      handle: (req, socket, head, client) => {
        this.#clients.set(req, client);
        this.#engine.handleUpgrade(req, socket, head);
      },
    });
    this.io.use((socket, next) => {
      const refusal = this.#admit(socket);
      if (refusal) next(Object.assign(new Error(refusal.message), { data: refusal }));
      else next();
    });
    this.io.on('connection', (socket) => this.#connected(socket));
  }

  /** How the rooms reach the sockets, on this engine and (through the adapter) the others. */
  readonly fanout: ChatFanout = {
    toRoom: (room, event, payload) => this.#batcher.toRoom(room, event, payload),
    toChatter: (chatterId, event, payload) => void this.io.to(chatterRoom(chatterId)).emit(event, payload),
    kick: (target, refusal) => {
      const name = 'chatterId' in target ? chatterRoom(target.chatterId) : addressRoom(target.room, target.ip);
      this.io.to(name).emit('refused', refusal);
      this.io.in(name).disconnectSockets(false);
    },
    presence: (room) => this.presence.count(room),
  };

  #admit(socket: Socket): ChatRefusal | null {
    const ip = this.#clients.get(socket.request)?.ip ?? socket.handshake.address;
    if (this.#connectBuckets.take(ip) > 0) return chatRefusal('rateLimited');
    if ((this.#connections.get(ip) ?? 0) >= this.limits.connectionsPerAddress) return chatRefusal('tooManyConnections');
    const auth = ChatAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return chatRefusal('invalid');
    const admitted = admit(this.rooms(), this.tokens, auth.data, ip);
    if (!admitted.ok) return admitted;
    this.#sessions.set(socket.id, admitted.session);
    (socket.data as { chatToken?: string }).chatToken = admitted.chatToken;
    return null;
  }

  #connected(socket: Socket): void {
    const session = this.#sessions.get(socket.id);
    if (!session) return void socket.disconnect(true);
    const { ip, room, chatterId } = session;
    this.#connections.set(ip, (this.#connections.get(ip) ?? 0) + 1);
    // Staff never join their address's room: a ban by address cannot close them.
    const viewer = session.role === 'viewer';
    void socket.join(
      viewer ? [roomOf(room), chatterRoom(chatterId), addressRoom(room, ip)] : [roomOf(room), chatterRoom(chatterId)],
    );
    this.presence.join(room, chatterId);
    let strikes = 0;
    socket.use((packet, next) => {
      const [event, ...args] = packet;
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as (answer: unknown) => void) : undefined;
      const refuse = (refusal: ChatRefusal): void => (ack ? ack(refusal) : void socket.emit('refused', refusal));
      if (!HANDLERS.has(event) || ack === undefined || args.length !== 1) return refuse(chatRefusal('invalid'));
      if (byteLength(args[0]) > CHAT_FRAME_MAX_BYTES) return refuse(chatRefusal('tooLarge'));
      const wait = Math.max(this.#frameBuckets.take(socket.id), this.#addressBuckets.take(ip));
      if (wait > 0) {
        strikes += 1;
        if (strikes >= this.limits.floodStrikes) {
          socket.emit('refused', chatRefusal('rateLimited'));
          return void socket.disconnect(false);
        }
        return refuse(chatRefusal('rateLimited', wait));
      }
      strikes = 0;
      next();
    });
    for (const [event, handler] of HANDLERS) {
      socket.on(event, (frame: unknown, ack: (answer: unknown) => void) => {
        try {
          ack(handler.call(undefined, this.rooms(), session, frame));
        } catch (error) {
          this.log(`chat ${event} failed`, error);
          ack(chatRefusal('invalid'));
        }
      });
    }
    socket.emit('welcome', this.rooms().welcome(session, String((socket.data as { chatToken?: string }).chatToken)));
    socket.on('disconnect', () => {
      this.#sessions.delete(socket.id);
      this.#frameBuckets.forget(socket.id);
      const left = (this.#connections.get(ip) ?? 1) - 1;
      if (left <= 0) this.#connections.delete(ip);
      else this.#connections.set(ip, left);
      this.presence.leave(room, chatterId);
    });
  }

  async close(): Promise<void> {
    this.#removeUpgrade();
    this.#batcher.close();
    this.presence.close();
    this.io.disconnectSockets(true);
    await new Promise<void>((resolve) => {
      void this.io.close(() => resolve());
    });
  }
}

type RoomsHandler = (rooms: ChatRooms, session: ChatSession, frame: unknown) => Outcome<object>;

/** Parse with the frame's schema, then act: a frame failing its schema is refused as invalid. */
function parsed<T extends z.ZodType>(
  schema: T,
  act: (rooms: ChatRooms, s: ChatSession, frame: z.infer<T>) => Outcome<object>,
): RoomsHandler {
  return (rooms, session, frame) => {
    const result = schema.safeParse(frame);
    return result.success ? act(rooms, session, result.data) : chatRefusal('invalid');
  };
}

const HANDLERS = new Map<string, RoomsHandler>([
  ['send', parsed(SendFrame, (rooms, s, f) => rooms.send(s, f))],
  ['react', parsed(ReactFrame, (rooms, s, f) => rooms.react(s, f))],
  ['history', parsed(HistoryFrame, (rooms, s, f) => rooms.history(s, f))],
  ['moderate', parsed(ModerateFrame, (rooms, s, f) => moderate(rooms, s, f))],
]);

const roomOf = (room: string): string => `r:${room}`;
const chatterRoom = (chatterId: string): string => `c:${chatterId}`;
const addressRoom = (room: string, ip: string): string => `a:${room}:${ip}`;

function byteLength(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
