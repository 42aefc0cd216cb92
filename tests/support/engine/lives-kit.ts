import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contract, type AppContract } from '@shared/contract';
import { RpcError } from '@shared/contract/errors';
import { createRouter } from '@shared/rpc/router';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '@shared/contract/define';
import type { Live, Run } from '@shared/contract/lives';
import type { CallContext, Caller } from '../../../electron/engine/context';
import { EngineEvents } from '../../../electron/engine/events/event-bus';
import { ffmpegTools } from '../../../electron/engine/ffmpeg/ffmpeg-tools';
import { createHttpService, type HttpServer } from '../../../electron/engine/http/http-service';
import type { EngineDeps, EngineModule } from '../../../electron/engine/module';
import { NoticeBus, type EngineNotice } from '../../../electron/engine/notifications/notice-bus';
import { MemorySecretStore } from '../../../electron/engine/secrets/secret-store';
import { openDatabase } from '../../../electron/engine/storage/database';
import type { LiveRuntime, LiveRuntimeHost, OpenRun } from '../../../electron/engine/lives/live-runtime';
import { livesModule } from '../../../electron/engine/lives/lives-module';
import type { LivesPort } from '../../../electron/engine/lives/lives-port';
import { PortRegistry } from '../../../electron/engine/ports';

/**
 * An in-memory stand-in for the FFmpeg runtime, for the lives module's own tests only: it
 * records what it was asked and lets the test drive states through the real journal.
 */
export class FakeRuntime implements LiveRuntime {
  host: LiveRuntimeHost | undefined;
  readonly started: { live: Live; run: Run }[] = [];
  readonly stopped: { liveId: string; reason: string }[] = [];
  readonly running = new Map<string, string>();
  recovered: readonly OpenRun[] | undefined;
  failNextStart: Error | undefined;
  /** When set, stop() journals this terminal state itself, as the real runtime does. */
  endOnStop: 'ended' | 'failed' | undefined = 'ended';
  withRecover = false;

  start(live: Live, run: Run): Promise<void> {
    if (this.failNextStart) {
      const error = this.failNextStart;
      this.failNextStart = undefined;
      return Promise.reject(error);
    }
    this.started.push({ live, run });
    this.running.set(live.id, run.id);
    return Promise.resolve();
  }

  stop(liveId: string, reason: string): Promise<void> {
    this.stopped.push({ liveId, reason });
    const runId = this.running.get(liveId);
    this.running.delete(liveId);
    if (runId !== undefined && this.endOnStop) this.host?.journal.transition(runId, this.endOnStop, reason);
    return Promise.resolve();
  }

  isRunning(liveId: string): boolean {
    return this.running.has(liveId);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export interface LivesKit {
  readonly module: EngineModule<'lives'>;
  /** What the lives module exports to other domains. */
  readonly port: LivesPort;
  readonly runtime: FakeRuntime;
  readonly secrets: MemorySecretStore;
  readonly events: EngineEvents;
  readonly notices: EngineNotice[];
  readonly clock: { now: number };
  readonly dataDir: string;
  readonly deps: EngineDeps;
  /** The engine's HTTP service, its preview listener running (the lives module serves its previews there). */
  readonly http: HttpServer;
  /** Call through the router, without the accounts auth layer, as `caller`; rejects with the RpcError. */
  call<K extends MethodName<AppContract>>(
    method: K,
    input: MethodInput<AppContract, K>,
    caller?: Caller,
  ): Promise<MethodOutput<AppContract, K>>;
  /** Every payload of `event` emitted since the kit started. */
  seen<K extends EventName<AppContract>>(event: K): EventPayload<AppContract, K>[];
  /** Reopen the same data folder as a new engine would after a crash (same secrets). */
  reopen(runtime?: FakeRuntime): Promise<LivesKit>;
  close(): void;
}

export const OWNER: Caller = { userId: 'alice', isAdmin: false, isApproved: true };

export async function startLivesKit(
  options: { runtime?: FakeRuntime; dataDir?: string; secrets?: MemorySecretStore; clock?: { now: number } } = {},
): Promise<LivesKit> {
  const runtime = options.runtime ?? new FakeRuntime();
  const secrets = options.secrets ?? new MemorySecretStore();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'lm-lives-'));
  const clock = options.clock ?? { now: Date.parse('2026-03-01T12:00:00Z') };
  const module = livesModule((host) => {
    runtime.host = host;
    if (runtime.withRecover) {
      return Object.assign(runtime, {
        recover: (open: readonly OpenRun[]) => {
          runtime.recovered = open;
          return Promise.resolve();
        },
      });
    }
    return runtime;
  });
  const db = openDatabase({ dataDir, migrations: module.migrations ?? [] });
  const events = new EngineEvents();
  const notices: EngineNotice[] = [];
  const noticeBus = new NoticeBus();
  noticeBus.subscribe((n) => notices.push(n));
  const log: { event: string; payload: unknown }[] = [];
  events.subscribe((event, payload) => log.push({ event, payload }));
  const http = createHttpService({ log: () => undefined });
  const ports = new PortRegistry();
  await http.start();
  const deps: EngineDeps = {
    db,
    events,
    notices: noticeBus,
    secrets,
    dataDir,
    appVersion: 'test',
    mode: 'shared',
    ffmpeg: ffmpegTools(),
    http,
    ports,
    now: () => clock.now,
    log: () => undefined,
  };
  const built = module.build(deps);
  ports.provide(module.name, built.exports);
  // The real router: inputs are validated (defaults applied) and outputs checked against the contract.
  const router = createRouter<AppContract, CallContext>(contract, built.handlers, {
    onUnexpectedError: (method, error) => {
      throw new Error(`${method} failed unexpectedly: ${String(error)}`);
    },
  });
  await built.start?.();
  const kit: LivesKit = {
    module,
    port: built.exports,
    runtime,
    secrets,
    events,
    notices,
    clock,
    dataDir,
    deps,
    http,
    async call(method, input, caller = OWNER) {
      const result = await router.call(method, input, { transport: 'local', caller });
      if (!result.ok) throw RpcError.fromPayload(result.error);
      return result.value as never;
    },
    seen: (event) => log.filter((e) => e.event === event).map((e) => e.payload) as never,
    async reopen(next) {
      db.close();
      await http.close();
      return startLivesKit({ runtime: next ?? new FakeRuntime(), dataDir, secrets, clock });
    },
    close() {
      void http.close();
      try {
        db.close();
      } catch {
        // already closed by reopen()
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return kit;
}
