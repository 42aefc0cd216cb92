import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RpcError } from '@shared/contract/errors';
import type { ImportProgress, LibraryItem, OptimizeJob } from '@shared/contract/library';
import { LOCAL_OWNER, type Caller } from '../../../electron/engine/context';
import { createEngine, type Engine } from '../../../electron/engine/engine';
import { accountsModule } from '../../../electron/engine/accounts/accounts-module';
import { libraryModule, type LibraryModule } from '../../../electron/engine/library/library-module';
import type { LibraryOptions } from '../../../electron/engine/library/library-domain';
import { livesModule } from '../../../electron/engine/lives/lives-module';
import { restreamRuntime } from '../../../electron/engine/lives/runtime/restream-runtime';
import { MemorySecretStore } from '../../../electron/engine/secrets/secret-store';
import { FAST_RUNTIME } from '../restream-engine';
import { waitFor } from '../wait-for';

export const ADMIN: Caller = { userId: 'admin-1', isAdmin: true, isApproved: true };
export const ALICE: Caller = { userId: 'alice', isAdmin: false, isApproved: true };
export const BOB: Caller = { userId: 'bob', isAdmin: false, isApproved: true };
export const ME: Caller = LOCAL_OWNER;

export interface LibraryTestEngine {
  readonly engine: Engine;
  readonly library: LibraryModule;
  readonly dataDir: string;
  readonly events: { event: string; payload: unknown }[];
  call<T = unknown>(method: string, params?: unknown, caller?: Caller): Promise<T>;
  /** Import these paths and wait for the import to finish and every new item to be probed. */
  importAndWait(paths: string[], mode?: 'copy' | 'move' | 'reference', caller?: Caller): Promise<ImportProgress>;
  /** Every item of the caller (all pages). */
  items(caller?: Caller): Promise<LibraryItem[]>;
  waitForJob(jobId: string, states: OptimizeJob['state'][], caller?: Caller, timeoutMs?: number): Promise<OptimizeJob>;
  close(): Promise<void>;
}

/** A real engine (accounts, lives with the restream runtime, library) in a temp folder. */
export async function startLibraryEngine(
  options: { mode?: 'single-owner' | 'shared'; library?: LibraryOptions; log?: (message: string, error?: unknown) => void } = {},
): Promise<LibraryTestEngine> {
  const mode = options.mode ?? 'single-owner';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lm-library-'));
  const library = libraryModule(options.library);
  const lives = livesModule(restreamRuntime(FAST_RUNTIME));
  const engine = await createEngine({
    appVersion: 'test',
    dataDir,
    secrets: new MemorySecretStore(),
    mode,
    modules: [accountsModule(), lives, library],
    log: options.log ?? ((message, error) => console.error(`[engine] ${message}`, error ?? '')),
  });
  const events: { event: string; payload: unknown }[] = [];
  engine.events.subscribe((event, payload) => events.push({ event, payload }));
  const defaultCaller = mode === 'shared' ? ADMIN : ME;
  const call = async <T>(method: string, params?: unknown, caller: Caller = defaultCaller): Promise<T> => {
    const result = await engine.router.call(method, params, { transport: 'local', caller });
    if (!result.ok) throw RpcError.fromPayload(result.error);
    return result.value as T;
  };
  const items = async (caller: Caller = defaultCaller): Promise<LibraryItem[]> => {
    const all: LibraryItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await call<{ items: LibraryItem[]; nextCursor: string | null }>(
        'library.list',
        { limit: 500, cursor },
        caller,
      );
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  };
  return {
    engine,
    library,
    dataDir,
    events,
    call,
    items,
    async importAndWait(paths, importMode = 'copy', caller = defaultCaller) {
      const { importId } = await call<{ importId: string }>('library.import', { paths, mode: importMode }, caller);
      const done = await waitFor(
        () =>
          events
            .filter((e) => e.event === 'library.importProgress')
            .map((e) => e.payload as ImportProgress)
            .find((p) => p.importId === importId && p.state === 'done'),
        { timeoutMs: 120_000, what: `import ${importId} to finish` },
      );
      await waitFor(async () => (await items(caller)).every((i) => i.status !== 'probing'), {
        timeoutMs: 120_000,
        what: 'every item to be probed',
      });
      return done;
    },
    waitForJob: (jobId, states, caller = defaultCaller, timeoutMs = 120_000) =>
      waitFor(
        async () => {
          const { items: jobs } = await call<{ items: OptimizeJob[] }>('library.listJobs', { limit: 200 }, caller);
          const job = jobs.find((j) => j.id === jobId);
          return job && states.includes(job.state) ? job : undefined;
        },
        { timeoutMs, intervalMs: 100, what: `job ${jobId} to be ${states.join(' or ')}` },
      ),
    async close() {
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
