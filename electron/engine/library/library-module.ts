import { engineMessage } from '@shared/messages/engine-message';
import { mkdir } from 'node:fs/promises';
import { RpcError } from '@shared/contract/errors';
import { JOBS_PAGE, LIBRARY_PAGE, type ListFilter } from '@shared/contract/library';
import { callerOf, type Caller } from '../context';
import type { BuiltModule, EngineDeps, EngineHandlers, EngineModule } from '../module';
import { seesEverything } from '../policy/policy';
import { cursorKey, pageOfRows } from '../rpc/page';
import { serveLibrary } from './http/library-routes';
import { toItemView } from './items/item-view';
import type { ItemRecord } from './items/item-store';
import { toJobView } from './jobs/job-store';
import { LibraryDomain, type LibraryOptions } from './library-domain';
import { libraryMigrations } from './migrations';
import { libraryPort, type LibraryPort } from './ports';

export interface BuiltLibrary extends BuiltModule<LibraryPort> {
  /** The parts, for tests and benchmarks that fill or inspect the library directly. */
  readonly domain: LibraryDomain;
}

/**
 * The media library domain: `build(deps) → { handlers, start, close, exports }`. Items are the
 * caller's own (an admin sees everyone's); every method is open to approved accounts and scoped
 * here, NOT_FOUND for someone else's item (policy/policy.ts).
 */
export function buildLibrary(deps: EngineDeps, options: LibraryOptions = {}): BuiltLibrary {
  const d = new LibraryDomain(deps, options);
  const removeRoutes = serveLibrary(deps.http, { dataDir: deps.dataDir, items: d.items, uploads: d.uploads });
  const view = (item: Parameters<typeof toItemView>[0]) => toItemView(item, deps.http);
  const owner = (caller: Caller) => ({ userId: caller.userId, isAdmin: caller.isAdmin });
  const settings = (caller: Caller) => ({
    folder: d.folders.root(),
    myFolder: d.folders.folderOf(caller.userId),
    canReference: d.folders.canReference,
  });

  const handlers: Partial<EngineHandlers> = {
    'library.list': (input, ctx) => {
      const caller = callerOf(ctx);
      const { cursor, limit = LIBRARY_PAGE.defaultLimit, ...rest } = input ?? {};
      const filter: ListFilter = rest;
      const ownerId = seesEverything(caller) ? undefined : caller.userId;
      const key = cursorKey('library.list', cursor, ['number', 'number']);
      const after = key ? { addedAt: key[0] as number, seq: key[1] as number } : undefined;
      const keyOf = (r: ItemRecord): [number, number] => [r.addedAt, r.seq];
      // A search's first page and its total come from one read of the FTS index.
      if (filter.query && !after) {
        const { rows, total } = d.items.searchPage(filter, ownerId, limit + 1);
        return { ...pageOfRows(rows, { limit, view, keyOf }), total };
      }
      const rows = d.items.page(filter, ownerId, after, limit + 1);
      const page = pageOfRows(rows, { limit, view, keyOf });
      return { ...page, total: cursor === undefined ? d.items.count(filter, ownerId) : null };
    },
    'library.get': async ({ itemId }, ctx) => view(await d.checkChanged(d.visible(callerOf(ctx), itemId))),
    'library.import': async ({ paths, mode }, ctx) => ({ importId: await d.importer.start(owner(callerOf(ctx)), paths, mode) }),
    'library.importPath': async ({ path }, ctx) => {
      const { item, duplicate } = await d.importer.registerInPlace(owner(callerOf(ctx)), path);
      return { item: view(item), duplicate };
    },
    'library.uploadUrl': ({ name, sizeBytes }, ctx) => d.uploads.issue(owner(callerOf(ctx)), name, sizeBytes),
    'library.delete': async ({ itemId }, ctx) => {
      await d.delete(d.visible(callerOf(ctx), itemId));
      return { itemId };
    },
    'library.refresh': async ({ itemId }, ctx) => view(await d.refresh(d.visible(callerOf(ctx), itemId))),
    'library.optimize': ({ itemId, outputs }, ctx) => toJobView(d.optimize(d.visible(callerOf(ctx), itemId), outputs)),
    'library.listJobs': (input, ctx) => {
      const caller = callerOf(ctx);
      const limit = input?.limit ?? JOBS_PAGE.defaultLimit;
      if (input?.itemId !== undefined) d.visible(caller, input.itemId);
      const key = cursorKey('library.listJobs', input?.cursor, ['number']);
      const ownerId = seesEverything(caller) ? undefined : caller.userId;
      const rows = d.jobs.page({ ownerId, itemId: input?.itemId }, key?.[0] as number | undefined, limit + 1);
      return pageOfRows(rows, { limit, view: toJobView, keyOf: (r) => [r.seq] });
    },
    'library.cancelJob': async ({ jobId }, ctx) => {
      const job = d.visibleJob(callerOf(ctx), jobId);
      if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') {
        throw RpcError.of('INVALID_STATE', engineMessage('library.jobAlreadyOver', { state: job.state }));
      }
      return toJobView((await d.optimizer.cancel(jobId)) ?? job);
    },
    'library.getSettings': (_input, ctx) => settings(callerOf(ctx)),
    'library.updateSettings': async ({ folder }, ctx) => {
      await mkdir(folder, { recursive: true });
      d.folders.setRoot(folder);
      return settings(callerOf(ctx));
    },
    'library.encoders': async (input) => {
      const { encoder, hardware, trials } = await d.encoders(input?.retry ?? false);
      return { encoder, hardware, trials };
    },
  };

  return {
    handlers,
    domain: d,
    exports: libraryPort(d.folders),
    start: () => {
      d.start();
      return Promise.resolve();
    },
    close: async () => {
      removeRoutes();
      await d.close();
    },
  };
}

export interface LibraryModule extends EngineModule<'library'> {
  /** The built library (tests, benchmarks); throws before the engine has built it. */
  built(): BuiltLibrary;
}

/** The library as an engine module; its port (`deps.ports.find('library')`) is the `LibraryPort`. */
export function libraryModule(options: LibraryOptions = {}): LibraryModule {
  let built: BuiltLibrary | undefined;
  return {
    name: 'library',
    migrations: libraryMigrations,
    build(deps) {
      built = buildLibrary(deps, options);
      return built;
    },
    built() {
      if (!built) throw new Error('The library module has not been built by an engine yet.');
      return built;
    },
  };
}
