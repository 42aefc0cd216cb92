import type { DatabaseSync } from 'node:sqlite';
import type { EngineContract } from '@shared/contract';
import type { Handlers } from '@shared/rpc/router';
import type { CallContext } from './context';
import type { EngineEvents } from './events/event-bus';
import type { NoticeBus } from './notifications/notice-bus';
import type { SecretStore } from './secrets/secret-store';
import type { Migration } from './storage/database';

export type EngineHandlers = Handlers<EngineContract, CallContext>;

/** What every domain module is given: the engine's shared services. */
export interface EngineDeps {
  readonly db: DatabaseSync;
  readonly events: EngineEvents;
  /** Things people should be told about (live failed, user registered…): notified and mailed. */
  readonly notices: NoticeBus;
  readonly secrets: SecretStore;
  readonly dataDir: string;
  readonly appVersion: string;
  readonly mode: 'single-owner' | 'shared';
  readonly ffmpegPath: string | undefined;
  readonly bundledFfmpegDir: string | undefined;
  /** Milliseconds since the epoch; injectable so schedules and expiries can be tested. */
  readonly now: () => number;
  readonly log: (message: string, error?: unknown) => void;
}

/**
 * One domain of the engine (system, lives, schedule, accounts, …). The engine opens the database
 * with every module's migrations, merges their handlers, then starts them in order.
 */
export interface EngineModule {
  readonly name: string;
  readonly migrations?: readonly Migration[];
  handlers(deps: EngineDeps): Partial<EngineHandlers>;
  /** Runs after the database is ready: crash recovery, timers. */
  start?(deps: EngineDeps): Promise<void>;
  /** Stop timers and children; called once, in reverse order of start. */
  close?(): Promise<void>;
}
