import { engineMessage } from '@shared/messages/engine-message';
import { CHAT_RETENTION } from '@shared/contract/chat';
import { RpcError } from '@shared/contract/errors';
import { CHAT_SOCKET_PATH, chatRefusal, type ChatRole } from '@shared/chat/chat-protocol';
import { callerOf } from '../context';
import type { EngineDeps, EngineHandlers, EngineModule } from '../module';
import { seesEverything } from '../policy/policy';
import { staffChatter, staffChatterId } from './chat-admission';
import { applyChange } from './chat-changes';
import { startRelay, type ChatRelay } from './chat-relay';
import { ChatRooms } from './chat-rooms';
import { ChatServer, DEFAULT_CHAT_LIMITS, type ChatLimits } from './chat-server';
import type { ChatPort } from './chat-port';
import { ChatStore } from './chat-store';
import { chatMigrations } from './migrations';

const PRUNE_EVERY_MS = 3600_000;
/** How the app's user appears in a room unless it chooses a name. */
const STAFF_NAME = 'Streamer';

export interface ChatModuleOptions {
  readonly limits?: ChatLimits | undefined;
  /** `redis://…`: this engine shares its rooms with the others on the same Redis. Absent: one machine, no Redis. */
  readonly redisUrl?: string | undefined;
}

/**
 * The live chat (issue 15): one room per public output, socket.io on the engine's public
 * listener, messages in node:sqlite. Shaped `build(deps) → { handlers, start, close, exports }`;
 * the outputs (tokens, owners) through their port.
 */
export function buildChat(deps: EngineDeps, options: ChatModuleOptions) {
  const outputs = () => deps.ports.get('outputs');
  const store = new ChatStore(deps.db);
  let server: ChatServer | undefined;
  let relay: ChatRelay | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  const rooms = new ChatRooms({
    store,
    now: deps.now,
    relay: (change) => relay?.change(change),
    fanout: {
      toRoom: (...args) => server?.fanout.toRoom(...args),
      toChatter: (...args) => server?.fanout.toChatter(...args),
      kick: (...args) => server?.fanout.kick(...args),
      presence: (room) => server?.fanout.presence(room) ?? 0,
    },
  });

  const retentionDays = (): number => Number(store.setting('retentionDays') ?? CHAT_RETENTION.defaultDays);
  const prune = (): void => {
    const removed = store.prune(deps.now() - retentionDays() * 86_400_000);
    if (removed > 0) deps.log(`chat: ${removed} messages past the retention period removed`);
  };
  const outputOf = (outputId: string): { ownerId: string; title: string; slug: string } => {
    const info = outputs().outputInfo(outputId);
    if (!info) throw RpcError.of('NOT_FOUND', engineMessage('outputs.notFound', { outputId: outputId.slice(0, 64) }));
    return info;
  };

  const exports: ChatPort = {
    socketPath: CHAT_SOCKET_PATH,
    staffToken(caller, outputId, name) {
      const output = outputOf(outputId);
      let role: Exclude<ChatRole, 'viewer'>;
      if (output.ownerId === caller.userId) role = 'owner';
      else if (seesEverything(caller)) role = 'admin';
      else if (store.isModerator(output.slug, caller.userId)) role = 'moderator';
      else throw RpcError.of('FORBIDDEN', engineMessage('chat.moderateOnlyStaff', { title: output.title }));
      return { chatToken: staffChatter(rooms, outputs(), { userId: caller.userId, role, name }, outputId), role };
    },
    setModerator(caller, outputId, userId, moderator) {
      const output = outputOf(outputId);
      if (output.ownerId !== caller.userId && !seesEverything(caller)) {
        throw RpcError.of('FORBIDDEN', engineMessage('chat.nameModeratorsOnlyOwner', { title: output.title }));
      }
      store.setModerator(output.slug, userId, moderator ? caller.userId : null, deps.now());
      // A removed moderator is closed now, not at its next connection.
      if (!moderator) rooms.deps.fanout.kick({ chatterId: staffChatterId(output.slug, userId) }, chatRefusal('forbidden'));
      store.logAction({
        room: output.slug,
        actorId: caller.userId,
        actorName: caller.userId,
        action: moderator ? 'nameModerator' : 'removeModerator',
        target: userId,
        detail: null,
        at: deps.now(),
      });
    },
    moderationLog: (outputId) => store.actions(outputOf(outputId).slug),
    retentionDays,
    setRetentionDays(days) {
      if (!Number.isInteger(days) || days < 1 || days > 3650)
        throw RpcError.of('INVALID_PARAMS', engineMessage('chat.retentionRange'));
      store.setSetting('retentionDays', String(days));
      prune();
    },
  };

  return {
    handlers: chatHandlers(deps, exports, outputOf),
    exports,
    async start() {
      server = new ChatServer(deps.http, () => rooms, outputs(), options.limits ?? DEFAULT_CHAT_LIMITS, deps.now, deps.log);
      if (options.redisUrl) {
        const presence = server.presence;
        relay = await startRelay(
          server.io,
          options.redisUrl,
          {
            change: (change) => applyChange(store, change),
            presence: (engineId, room, count) => presence.setRemote(engineId, room, count),
          },
          deps.log,
        );
        const started = relay;
        presence.onLocalChange = (room, count) => started.presence(room, count);
      }
      prune();
      pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
      pruneTimer.unref();
    },
    async close() {
      clearInterval(pruneTimer);
      await server?.close();
      await relay?.close();
    },
  };
}

/** The chat as an engine module; it exports the `ChatPort` (chat/chat-port.ts). */
export function chatModule(options: ChatModuleOptions = {}): EngineModule<'chat'> {
  return {
    name: 'chat',
    migrations: chatMigrations,
    build: (deps) => buildChat(deps, options),
  };
}

/** The app's methods (shared/contract/chat.ts) over the port. */
function chatHandlers(
  deps: EngineDeps,
  chat: ChatPort,
  outputOf: (outputId: string) => { ownerId: string; title: string; slug: string },
): Partial<EngineHandlers> {
  return {
    'chat.staffAccess': ({ outputId, name }, ctx) => {
      const access = chat.staffToken(callerOf(ctx), outputId, name ?? STAFF_NAME);
      return { url: deps.http.baseUrl('public'), path: chat.socketPath, ...access };
    },
    'chat.setModerator': ({ outputId, userId, moderator }, ctx) => {
      chat.setModerator(callerOf(ctx), outputId, userId, moderator);
      return { outputId, userId, moderator };
    },
    'chat.moderationLog': ({ outputId }, ctx) => {
      chat.staffToken(callerOf(ctx), outputId, STAFF_NAME); // FORBIDDEN unless staff of this room
      outputOf(outputId);
      return {
        items: chat.moderationLog(outputId).map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })),
      };
    },
    'chat.getSettings': () => ({ retentionDays: chat.retentionDays() }),
    'chat.setSettings': ({ retentionDays }) => {
      chat.setRetentionDays(retentionDays);
      return { retentionDays: chat.retentionDays() };
    },
  };
}
