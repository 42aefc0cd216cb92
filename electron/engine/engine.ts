import type { DatabaseSync } from 'node:sqlite';
import { engineContract, type EngineContract } from '@shared/contract';
import { refuseHostMethods } from '@shared/rpc/host-routing';
import { createRouter, type Router } from '@shared/rpc/router';
import type { CallContext } from './context';
import { EngineEvents } from './events/event-bus';
import type { EngineDeps, EngineHandlers, EngineModule } from './module';
import { accountsModule } from './accounts/accounts-module';
import { livesModule } from './lives/lives-module';
import { APP_PREVIEW_ORIGINS } from './hls/hls-server';
import { restreamRuntime, type RestreamRuntimeOptions } from './lives/runtime/restream-runtime';
import { PreviewRoutes } from './hls/preview-routes';
import { sessionResolver } from './accounts/sessions';
import { NoticeBus } from './notifications/notice-bus';
import { notificationsModule } from './notifications/notifications-module';
import { iptvModule, type IptvModuleOptions } from './iptv/iptv-module';
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
  mode: 'single-owner' | 'shared';
  ffmpegPath?: string | undefined;
  bundledFfmpegDir?: string | undefined;
  now?: () => number;
  /** Where unexpected errors are reported (never sent to clients). */
  log?: (message: string, error?: unknown) => void;
  /** Override the module list (tests); defaults to every domain. */
  modules?: readonly EngineModule[];
  /**
   * Loopback port of the HLS preview server. The desktop app fixes it up front so its CSP can
   * name the exact origin; absent, a free port is taken when the first preview starts.
   */
  previewPort?: number | undefined;
  /** Lives one account may keep (default 200, see lives/live-quota.ts). */
  maxLivesPerOwner?: number | undefined;
}

export interface Engine {
  readonly events: EngineEvents;
  readonly handlers: Partial<EngineHandlers>;
  readonly router: Router<CallContext>;
  /** Which events a connection may receive (pass as `canReceive` to `serveChannel`). */
  readonly canReceive: EventFilter;
  readonly db: DatabaseSync;
  close(): Promise<void>;
}

/** Every domain, in start order. Add a domain here and nowhere else. */
export function defaultModules(
  options: {
    previewPort?: number | undefined;
    maxLivesPerOwner?: number | undefined;
    /** Tests: the IPTV module's timers, fetch policy, EPG worker, preview timings. */
    iptv?: IptvModuleOptions;
    /** Tests: the restream runtime's tuning (its preview server and IPTV port are wired here). */
    runtime?: Omit<RestreamRuntimeOptions, 'hls' | 'iptv'>;
  } = {},
): EngineModule[] {
  // IPTV previews and logos are served by the same loopback server as the lives' HLS previews.
  const previewRoutes = new PreviewRoutes();
  const iptv = iptvModule({ ...options.iptv, http: previewRoutes });
  // The preview's HLS server answers CORS for the app's own renderer (Electron window, web host).
  const hls = {
    allowedOrigins: APP_PREVIEW_ORIGINS,
    routes: previewRoutes,
    ...(options.previewPort ? { port: options.previewPort } : {}),
  };
  // A live whose source is a channel is resolved, and holds its tuner slot, through the IPTV port.
  const runtime = restreamRuntime({ ...options.runtime, hls, iptv: () => iptv.port() });
  const lives = livesModule(runtime, { maxLivesPerOwner: options.maxLivesPerOwner });
  previewRoutes.serveAt(() => lives.domain().runtime.previewBaseUrl());
  return [systemModule(), accountsModule(), notificationsModule(), lives, scheduleModule({ lives: lives.domain }), iptv];
}

/**
 * The product's core, plain Node. Electron main, the web host and the VPS agent all build one
 * of these and mount its router on their transport; they add nothing but the transport.
 */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const modules =
    options.modules ?? defaultModules({ previewPort: options.previewPort, maxLivesPerOwner: options.maxLivesPerOwner });
  const log = options.log ?? (() => undefined);
  const db = openDatabase({ dataDir: options.dataDir, migrations: modules.flatMap((m) => m.migrations ?? []) });
  const events = new EngineEvents();
  const deps: EngineDeps = {
    db,
    events,
    notices: new NoticeBus((error) => log('a notification listener failed', error)),
    secrets: options.secrets,
    dataDir: options.dataDir,
    appVersion: options.appVersion,
    mode: options.mode,
    ffmpegPath: options.ffmpegPath,
    bundledFfmpegDir: options.bundledFfmpegDir,
    now: options.now ?? Date.now,
    log,
  };
  const handlers: Partial<EngineHandlers> = {};
  for (const module of modules) {
    for (const [name, handler] of Object.entries(module.handlers(deps))) {
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
  const started: EngineModule[] = [];
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    canReceive.close();
    for (const module of started.reverse()) {
      await module.close?.().catch((error: unknown) => log(`closing ${module.name} failed`, error));
    }
    db.close();
  };
  try {
    for (const module of modules) {
      await module.start?.(deps);
      started.push(module);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { events, handlers: guarded, router, canReceive, db, close };
}
