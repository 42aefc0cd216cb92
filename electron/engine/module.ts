import type { EngineMode } from '@shared/contract/accounts';
import type { DatabaseSync } from 'node:sqlite';
import type { EngineContract } from '@shared/contract';
import type { Handlers } from '@shared/rpc/router';
import type { CallContext } from './context';
import type { EngineEvents } from './events/event-bus';
import type { FfmpegTools } from './ffmpeg/ffmpeg-tools';
import type { HttpService } from './http/http-service';
import type { NoticeBus } from './notifications/notice-bus';
import type { EnginePorts, PortName, PortReader } from './ports';
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
  readonly mode: EngineMode;
  /** Finds, probes and runs FFmpeg/ffprobe for short jobs; the path for supervised ones. */
  readonly ffmpeg: FfmpegTools;
  /** The engine's HTTP listeners: modules add routes (the lives preview, later the audience's pages). */
  readonly http: HttpService;
  /** The other domains' ports (their `exports`), by module name. */
  readonly ports: PortReader;
  /** Milliseconds since the epoch; injectable so schedules and expiries can be tested. */
  readonly now: () => number;
  readonly log: (message: string, error?: unknown) => void;
}

/** What a module is once built: its methods, its lifecycle, and what it offers other domains. */
export interface BuiltModule<Exports> {
  readonly handlers: Partial<EngineHandlers>;
  /** Runs once every module is built and the database is ready: crash recovery, timers. */
  start?(): Promise<void>;
  /** Stop timers and children; called once, in reverse order of start. */
  close?(): Promise<void>;
  /** The module's port (see ports.ts): what other domains may call. `undefined` when it offers nothing. */
  readonly exports: Exports;
}

/** A module named after a port must export that port; others export nothing in particular. */
export type ExportsOf<Name extends string> = Name extends PortName ? EnginePorts[Name] : unknown;

/**
 * One domain of the engine (system, accounts, notifications, lives, schedule, iptv…), all of one
 * shape: `build(deps) → { handlers, start?, close?, exports }`. The engine opens the database with
 * every module's migrations, builds the modules in order (each one's exports become
 * `deps.ports.<name>` for the others), merges their handlers, then starts them in order.
 */
export interface EngineModule<Name extends string = string> {
  readonly name: Name;
  readonly migrations?: readonly Migration[];
  build(deps: EngineDeps): BuiltModule<ExportsOf<Name>>;
}
