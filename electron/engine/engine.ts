import type { EngineMode } from '@shared/contract/accounts';
import type { OverloadPolicy } from '@shared/contract/lives';
import type { DatabaseSync } from 'node:sqlite';
import { engineContract, type EngineContract } from '@shared/contract';
import { refuseHostMethods } from '@shared/rpc/host-routing';
import { createRouter, type Router } from '@shared/rpc/router';
import type { CallContext } from './context';
import { EngineEvents } from './events/event-bus';
import { ffmpegTools } from './ffmpeg/ffmpeg-tools';
import { createHttpService, type PublicListenerOptions } from './http/http-service';
import type { BuiltModule, EngineDeps, EngineHandlers, EngineModule } from './module';
import { PortRegistry, type PortReader } from './ports';
import { accountsModule } from './accounts/accounts-module';
import { livesModule } from './lives/lives-module';
import { restreamRuntime, type RestreamRuntimeOptions } from './lives/runtime/restream-runtime';
import { sessionResolver } from './accounts/sessions';
import { NoticeBus } from './notifications/notice-bus';
import { notificationsModule } from './notifications/notifications-module';
import { iptvModule, type IptvModuleOptions } from './iptv/iptv-module';
import { libraryModule } from './library/library-module';
import { outputsModule } from './outputs/outputs-module';
import { chatModule } from './chat/chat-module';
import { guardHandlers } from './policy/auth-layer';
import { createEventFilter, type EventFilter } from './policy/event-filter';
import { scheduleModule } from './schedule/schedule-module';
import type { SecretStore } from './secrets/secret-store';
import { openDatabase } from './storage/database';
import { systemModule } from './system/system-module';

export type { EngineHandlers } from './module';

export interface EngineOptions {
  appVersion: string;
  /** Folder for the database, HLS output and logs. */
  dataDir: string;
  secrets: SecretStore;
  /** `single-owner`: the desktop app (no login). `shared`: a team's VPS agent. */
  mode: EngineMode;
  ffmpegPath?: string | undefined;
  bundledFfmpegDir?: string | undefined;
  now?: () => number;
  /** Where unexpected errors are reported (never sent to clients). */
  log?: (message: string, error?: unknown) => void;
  /** Override the module list (tests); defaults to every domain. */
  modules?: readonly EngineModule[];
  /**
   * Loopback port of the preview listener (HLS previews). The desktop app fixes it up front so its
   * CSP can name the exact origin; absent, the OS picks a free port when the engine starts.
   */
  previewPort?: number | undefined;
  /**
   * The preview is reached through SSH tunnels (the VPS agent): it then answers a loopback Host
   * with any port, the tunnel's local one. Otherwise only its own port (see http/host-check.ts).
   */
  previewThroughTunnel?: boolean | undefined;
  /**
   * The public listener (watch page, fixed HLS, chat), fixed by the host (the VPS agent behind
   * Caddy). Absent, it is off until the user turns on LAN sharing (outputs.setSharing).
   */
  publicListener?: PublicListenerOptions | undefined;
  /** The built watch page (out/watch); default: found beside the engine's bundle (outputs/watch-assets.ts). */
  watchAssetsDir?: string | undefined;
  /** Lives one account may keep (default 200, see lives/live-quota.ts). */
  maxLivesPerOwner?: number | undefined;
  /** Starting an encoding live on a saturated machine (default `warn`), until an admin saves `lives.updateSettings`. */
  overloadPolicy?: OverloadPolicy | undefined;
  /** `redis://…` shared by several engines serving the same chat rooms (docs/chat.md); absent: no Redis. */
  chatRedisUrl?: string | undefined;
}

export interface Engine {
  readonly events: EngineEvents;
  readonly handlers: Partial<EngineHandlers>;
  readonly router: Router<CallContext>;
  /** Which events a connection may receive (pass as `canReceive` to `serveChannel`). */
  readonly canReceive: EventFilter;
  readonly db: DatabaseSync;
  /** Each domain's exports (tests and hosts reach a domain's port here, as other domains do). */
  readonly ports: PortReader;
  close(): Promise<void>;
}

/** Every domain, in start order. Add a domain here and nowhere else. */
export function defaultModules(
  options: {
    maxLivesPerOwner?: number | undefined;
    overloadPolicy?: OverloadPolicy | undefined;
    /** Tests: the IPTV module's timers, fetch policy, EPG worker, preview timings. */
    iptv?: IptvModuleOptions;
    /** Tests: the restream runtime's tuning. */
    runtime?: RestreamRuntimeOptions;
    /** The built watch page (out/watch); default: found beside the engine's bundle. */
    watchAssetsDir?: string | undefined;
    /** `redis://…` shared by several engines serving the same chat rooms (docs/chat.md). */
    chatRedisUrl?: string | undefined;
  } = {},
): EngineModule[] {
  return [
    systemModule(),
    accountsModule(),
    notificationsModule(),
    livesModule(restreamRuntime({ ...options.runtime, overload: options.overloadPolicy ?? options.runtime?.overload }), {
      maxLivesPerOwner: options.maxLivesPerOwner,
      defaultOverloadPolicy: options.overloadPolicy ?? options.runtime?.overload,
    }),
    scheduleModule(),
    iptvModule(options.iptv),
    libraryModule(),
    outputsModule({ watchAssetsDir: options.watchAssetsDir }),
    chatModule({ redisUrl: options.chatRedisUrl }),
  ];
}

/**
 * The product's core, plain Node. Electron main, the web host and the VPS agent all build one
 * of these and mount its router on their transport; they add nothing but the transport.
 */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const modules =
    options.modules ??
    defaultModules({
      maxLivesPerOwner: options.maxLivesPerOwner,
      overloadPolicy: options.overloadPolicy,
      watchAssetsDir: options.watchAssetsDir,
      chatRedisUrl: options.chatRedisUrl,
    });
  const log = options.log ?? (() => undefined);
  const db = openDatabase({ dataDir: options.dataDir, migrations: modules.flatMap((m) => m.migrations ?? []) });
  const events = new EngineEvents();
  const ports = new PortRegistry();
  const http = createHttpService({
    preview: { port: options.previewPort, anyLoopbackPort: options.previewThroughTunnel === true },
    public: options.publicListener,
    log,
  });
  const deps: EngineDeps = {
    db,
    events,
    notices: new NoticeBus((error) => log('a notification listener failed', error)),
    secrets: options.secrets,
    dataDir: options.dataDir,
    appVersion: options.appVersion,
    mode: options.mode,
    ffmpeg: ffmpegTools({ explicitPath: options.ffmpegPath, bundledDir: options.bundledFfmpegDir }),
    http,
    ports,
    now: options.now ?? Date.now,
    log,
  };
  // Built in order: a module's exports are other modules' `deps.ports` from then on.
  const built: { name: string; module: BuiltModule<unknown> }[] = [];
  const handlers: Partial<EngineHandlers> = {};
  for (const module of modules) {
    const one = module.build(deps);
    ports.provide(module.name, one.exports);
    built.push({ name: module.name, module: one });
    for (const [name, handler] of Object.entries(one.handlers)) {
      if (Object.hasOwn(handlers, name)) throw new Error(`Two engine modules handle "${name}".`);
      Object.assign(handlers, { [name]: handler });
    }
  }
  // No handler runs before the caller is resolved and the policy agrees (see policy/policy.ts).
  const resolveSession = sessionResolver(db, deps.now, log);
  const guarded = guardHandlers(handlers, { mode: options.mode, resolveSession });
  const canReceive = createEventFilter({ mode: options.mode, resolveSession, events, log });
  // Host methods (shell, settings, targets) are the app's: an engine refuses them by name.
  const router = refuseHostMethods(
    createRouter<EngineContract, CallContext>(engineContract, guarded, {
      onUnexpectedError: (method, error) => log(`${method} failed`, error),
    }),
  );
  const started: { name: string; module: BuiltModule<unknown> }[] = [];
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    canReceive.close();
    for (const { name, module } of started.reverse()) {
      await module.close?.().catch((error: unknown) => log(`closing ${name} failed`, error));
    }
    await http.close();
    db.close();
  };
  try {
    await http.start();
    for (const one of built) {
      await one.module.start?.();
      started.push(one);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { events, handlers: guarded, router, canReceive, db, ports, close };
}
