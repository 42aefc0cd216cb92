import { contract, type AppContract } from '@shared/contract';
import { createRouter, type Handlers, type Router } from '@shared/rpc/router';
import type { CallContext } from './context';
import { EngineEvents } from './events/event-bus';
import type { SecretStore } from './secrets/secret-store';
import { readSystemInfo } from './system/system-info';

export interface EngineOptions {
  appVersion: string;
  /** Folder for the database, HLS output and logs. */
  dataDir: string;
  secrets: SecretStore;
  /** `single-owner`: the desktop app (no login). `shared`: a team's VPS agent. */
  mode: 'single-owner' | 'shared';
  ffmpegPath?: string | undefined;
  bundledFfmpegDir?: string | undefined;
  /** Where unexpected handler errors are reported (never sent to clients). */
  log?: (message: string, error?: unknown) => void;
}

export type EngineHandlers = Handlers<AppContract, CallContext>;

export interface Engine {
  readonly events: EngineEvents;
  readonly handlers: EngineHandlers;
  readonly router: Router<CallContext>;
  close(): Promise<void>;
}

/**
 * The product's core, plain Node. Electron main, the web host and the VPS agent all build one
 * of these and mount its router on their transport; they add nothing but the transport.
 */
export function createEngine(options: EngineOptions): Engine {
  const events = new EngineEvents();
  const handlers: EngineHandlers = {
    'system.info': () =>
      readSystemInfo({
        appVersion: options.appVersion,
        explicitPath: options.ffmpegPath,
        bundledDir: options.bundledFfmpegDir,
      }),
  };
  const router = createRouter<AppContract, CallContext>(
    contract,
    handlers,
    {
      onUnexpectedError: (method, error) => options.log?.(`${method} failed`, error),
    },
  );
  return {
    events,
    handlers,
    router,
    close: () => Promise.resolve(),
  };
}
