import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RpcError } from '@shared/contract/errors';
import type { Live, LiveFieldsInput, LiveState, RunDetail } from '@shared/contract/lives';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { livesModule } from '../../electron/engine/lives/lives-module';
import { restreamRuntime, type RestreamRuntimeOptions } from '../../electron/engine/lives/runtime/restream-runtime';
import { openEncryptedFileSecretStore } from '../../electron/engine/secrets/encrypted-file-secret-store';
import type { EngineModule } from '../../electron/engine/module';
import type { EngineNotice } from '../../electron/engine/notifications/notice-bus';
import { MemorySecretStore } from '../../electron/engine/secrets/secret-store';
import { waitFor } from './wait-for';

/** Short backoffs so crash tests finish in seconds; still exponential with jitter. */
export const FAST_RUNTIME: RestreamRuntimeOptions = {
  backoff: { initialMs: 200, maxMs: 2000, factor: 2, jitter: 0.3, stableAfterMs: 3000 },
  staleMs: 8000,
  stopTimings: { finishMs: 2000, termMs: 1500 },
  statsEveryMs: 1000,
};

export interface RestreamEngine {
  readonly engine: Engine;
  readonly dataDir: string;
  /** Every live.updated state seen, per live, in order. */
  readonly states: Map<string, LiveState[]>;
  /** Every contract event the engine pushed, in order. */
  readonly events: { event: string; payload: unknown }[];
  /** Every notice the engine's domains raised on its notice bus, in order. */
  readonly notices: EngineNotice[];
  call<T>(method: string, params?: unknown): Promise<T>;
  createLive(fields: LiveFieldsInput): Promise<Live>;
  start(liveId: string): Promise<Live>;
  stop(liveId: string): Promise<Live>;
  get(liveId: string): Promise<Live>;
  runDetail(liveId: string): Promise<RunDetail>;
  waitForState(liveId: string, state: LiveState, timeoutMs?: number): Promise<Live>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** A real engine (lives module + restream runtime) in a temp data folder, single-owner. */
export async function startRestreamEngine(
  options: RestreamRuntimeOptions = {},
  existingDataDir?: string,
  log: (message: string, error?: unknown) => void = (message, error) => console.error(`[engine] ${message}`, error ?? ''),
): Promise<RestreamEngine> {
  const dataDir = existingDataDir ?? (await mkdtemp(path.join(tmpdir(), 'lm-restream-')));
  const notices: EngineNotice[] = [];
  const engine = await createEngine({
    appVersion: 'test',
    dataDir,
    // A data folder shared across engine processes (crash tests) keeps its keys where the agent does.
    secrets: existingDataDir ? await openEncryptedFileSecretStore({ dataDir, env: {} }) : new MemorySecretStore(),
    mode: 'single-owner',
    log,
    modules: [livesModule(restreamRuntime({ ...FAST_RUNTIME, ...options })), noticeTap(notices)],
  });
  const states = new Map<string, LiveState[]>();
  const events: { event: string; payload: unknown }[] = [];
  engine.events.subscribe((event, payload) => {
    if (events.length < 10_000) events.push({ event, payload });
    if (event !== 'live.updated') return;
    const live = payload as Live;
    const list = states.get(live.id) ?? [];
    if (list.at(-1) !== live.state) list.push(live.state);
    states.set(live.id, list);
  });
  const call = async <T>(method: string, params?: unknown): Promise<T> => {
    const result = await engine.router.call(method, params, { transport: 'local' });
    if (!result.ok) throw RpcError.fromPayload(result.error);
    return result.value as T;
  };
  const get = (liveId: string): Promise<Live> => call<Live>('lives.get', { liveId });
  return {
    engine,
    dataDir,
    states,
    events,
    notices,
    call,
    createLive: (fields) => call<Live>('lives.create', fields),
    start: (liveId) => call<Live>('lives.start', { liveId }),
    stop: (liveId) => call<Live>('lives.stop', { liveId }),
    get,
    runDetail: async (liveId) => {
      const live = await get(liveId);
      const { items: runs } = await call<{ items: { id: string }[] }>('lives.listRuns', { liveId, limit: 1 });
      const runId = live.currentRunId ?? runs[0]?.id;
      if (!runId) throw new Error(`Live ${liveId} has no run`);
      return call<RunDetail>('lives.getRun', { runId });
    },
    waitForState: async (liveId, state, timeoutMs = 30_000) =>
      waitFor(
        async () => {
          const live = await get(liveId);
          return live.state === state ? live : undefined;
        },
        { timeoutMs, what: () => `live ${liveId} to be ${state} (seen: ${(states.get(liveId) ?? []).join(' → ')})` },
      ),
    close: async (closeOptions = {}) => {
      await engine.close();
      if (!closeOptions.keepData && !existingDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A module with no methods that records the notice bus (the notifications module is not loaded here). */
function noticeTap(into: EngineNotice[]): EngineModule {
  return {
    name: 'notice-tap',
    build: (deps) => {
      deps.notices.subscribe((notice) => into.push(notice));
      return { handlers: {}, exports: undefined };
    },
  };
}

/** PIDs of every running ffmpeg whose command line contains `marker` (Linux /proc). */
export async function ffmpegPidsWith(marker: string): Promise<number[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z') continue; // a zombie is already dead, only waiting for its parent
    const argv = cmdline.split('\0');
    if (/(^|\/)ffmpeg$/.test(argv[0] ?? '') && cmdline.includes(marker)) pids.push(Number(entry));
  }
  return pids;
}
